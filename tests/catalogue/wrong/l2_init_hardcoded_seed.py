"""The generator is seeded with a hard-coded 42, not `seed`: different seeds give the same weights."""
import numpy as np

LESSON = 2


def init_params(n_x, n_h, n_y=1, seed=0):
    rng = np.random.default_rng(42)
    return {"W1": rng.standard_normal((n_h, n_x)) / np.sqrt(n_x), "b1": np.zeros((n_h, 1)),
            "W2": rng.standard_normal((n_y, n_h)) / np.sqrt(n_h), "b2": np.zeros((n_y, 1))}
