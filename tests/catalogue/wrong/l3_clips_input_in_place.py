"""Clips the caller's A2 in place with np.clip(A2, eps, 1 - eps, out=A2): the input is modified."""
import numpy as np

LESSON = 3


def bce_loss(A2, Y):
    np.clip(A2, 1e-12, 1 - 1e-12, out=A2)
    return float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))
