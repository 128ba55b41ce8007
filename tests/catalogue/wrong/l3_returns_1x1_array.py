"""The vectorised dot-product form, returned as it comes: an array of shape (1, 1), not a scalar."""
import numpy as np

LESSON = 3
EXPECT = '(1, 1)'


def bce_loss(A2, Y):
    m = Y.shape[1]
    P = np.clip(A2, 1e-12, 1 - 1e-12)
    return -(Y @ np.log(P).T + (1 - Y) @ np.log(1 - P).T) / m
