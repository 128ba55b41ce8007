"""Uniform weights in [-1/sqrt(fan_in), +1/sqrt(fan_in)] (std 0.58/sqrt(fan_in)), zero biases."""
import numpy as np

LESSON = 2


def init_params(n_x, n_h, n_y=1, seed=0):
    rng = np.random.default_rng(seed)
    limit1, limit2 = 1 / np.sqrt(n_x), 1 / np.sqrt(n_h)
    return {"W1": rng.uniform(-limit1, limit1, size=(n_h, n_x)), "b1": np.zeros((n_h, 1)),
            "W2": rng.uniform(-limit2, limit2, size=(n_y, n_h)), "b2": np.zeros((n_y, 1))}
