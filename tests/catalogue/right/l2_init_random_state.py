"""The legacy np.random.RandomState(seed): a generator of its own, seeded, scaled by sqrt(1/fan_in)."""
import numpy as np

LESSON = 2


def init_params(n_x, n_h, n_y=1, seed=0):
    rs = np.random.RandomState(seed)
    return {"W1": rs.randn(n_h, n_x) * np.sqrt(1.0 / n_x), "b1": np.zeros((n_h, 1)),
            "W2": rs.randn(n_y, n_h) * np.sqrt(1.0 / n_h), "b2": np.zeros((n_y, 1))}
