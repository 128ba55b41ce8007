"""All weights zero: every hidden unit is identical and stays identical (no symmetry breaking)."""
import numpy as np

LESSON = 2
EXPECT = 'equal'


def init_params(n_x, n_h, n_y=1, seed=0):
    return {"W1": np.zeros((n_h, n_x)), "b1": np.zeros((n_h, 1)),
            "W2": np.zeros((n_y, n_h)), "b2": np.zeros((n_y, 1))}
