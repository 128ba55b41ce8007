"""Sums the per-example losses instead of averaging: m times too large."""
import numpy as np

LESSON = 3
EXPECT = 'sum over the examples'


def bce_loss(A2, Y):
    P = np.clip(A2, 1e-12, 1 - 1e-12)
    return float(-np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)))
