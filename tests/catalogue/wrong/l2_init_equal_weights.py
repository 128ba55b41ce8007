"""All weights the same small constant 0.01: small, but equal, so hidden units never differ."""
import numpy as np

LESSON = 2
EXPECT = 'equal'


def init_params(n_x, n_h, n_y=1, seed=0):
    return {"W1": np.full((n_h, n_x), 0.01), "b1": np.zeros((n_h, 1)),
            "W2": np.full((n_y, n_h), 0.01), "b2": np.zeros((n_y, 1))}
