"""Adds eps inside the logs instead of clipping: finite at 0 and 1, but every loss moves a little."""
import numpy as np

LESSON = 3
MISTAKE = "bce_loss.eps_added"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'log(A2 + eps)'


def bce_loss(A2, Y):
    eps = 1e-12
    return float(-np.mean(Y * np.log(A2 + eps) + (1 - Y) * np.log(1 - A2 + eps)))
