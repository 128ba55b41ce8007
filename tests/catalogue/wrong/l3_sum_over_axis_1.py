"""-np.sum(..., axis=1) / m: a (1,) array, not a number (and the value is right)."""
import numpy as np

LESSON = 3
EXPECT = "(1,) array"


def bce_loss(A2, Y):
    m = Y.shape[1]
    P = np.clip(A2, 1e-12, 1 - 1e-12)
    return -np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P), axis=1) / m
