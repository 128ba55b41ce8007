"""Weights from the global np.random state, seed ignored: two calls with the same seed differ."""
import numpy as np

LESSON = 2
EXPECT = 'same seed'


def init_params(n_x, n_h, n_y=1, seed=0):
    return {"W1": np.random.randn(n_h, n_x) / np.sqrt(n_x), "b1": np.zeros((n_h, 1)),
            "W2": np.random.randn(n_y, n_h) / np.sqrt(n_h), "b2": np.zeros((n_y, 1))}
