"""The classic 0.01 * randn with np.random.default_rng(seed): small, random, seeded."""
import numpy as np

LESSON = 2


def init_params(n_x, n_h, n_y=1, seed=0):
    rng = np.random.default_rng(seed)
    W1 = 0.01 * rng.standard_normal((n_h, n_x))
    b1 = np.zeros((n_h, 1))
    W2 = 0.01 * rng.standard_normal((n_y, n_h))
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
