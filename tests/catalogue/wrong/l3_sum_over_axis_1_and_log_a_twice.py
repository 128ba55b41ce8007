"""A (1,) array whose one value is also wrong (log(A) in both terms): the shape must not hide it."""
import numpy as np

LESSON = 3
EXPECT = "its one value is wrong too"


def bce_loss(A2, Y):
    m = Y.shape[1]
    P = np.clip(A2, 1e-12, 1 - 1e-12)
    return -np.sum(Y * np.log(P) + (1 - Y) * np.log(P), axis=1) / m
