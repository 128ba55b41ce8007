"""Guards only log(0) with np.maximum(A2, eps): log(1 - A2) is still -inf at A2 = 1."""
import numpy as np

LESSON = 3


def bce_loss(A2, Y):
    P = np.maximum(A2, 1e-12)
    return float(-np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P)))
