"""Clipping with eps = 1e-15 (the smallest eps the rules allow)."""
import numpy as np

LESSON = 3
EPS = 1e-15


def bce_loss(A2, Y):
    P = np.clip(A2, EPS, 1 - EPS)
    return float(-np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P)))
