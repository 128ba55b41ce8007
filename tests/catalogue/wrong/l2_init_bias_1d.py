"""Biases of shape (n_h,) and (n_y,) instead of column vectors (n_h, 1) and (n_y, 1)."""
import numpy as np

LESSON = 2


def init_params(n_x, n_h, n_y=1, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.standard_normal((n_h, n_x)) / np.sqrt(n_x), "b1": np.zeros(n_h),
            "W2": rng.standard_normal((n_y, n_h)) / np.sqrt(n_h), "b2": np.zeros(n_y)}
