"""Weight matrices shaped (fan_in, fan_out), the row-per-example convention: W1 is (n_x, n_h)."""
import numpy as np

LESSON = 2


def init_params(n_x, n_h, n_y=1, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.standard_normal((n_x, n_h)) / np.sqrt(n_x), "b1": np.zeros((n_h, 1)),
            "W2": rng.standard_normal((n_h, n_y)) / np.sqrt(n_h), "b2": np.zeros((n_y, 1))}
