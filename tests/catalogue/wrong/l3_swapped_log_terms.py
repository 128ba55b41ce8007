"""The two log terms swapped: y log(1 - a) + (1 - y) log(a)."""
import numpy as np

LESSON = 3
MISTAKE = "bce_loss.swapped"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'swapped'


def bce_loss(A2, Y):
    P = np.clip(A2, 1e-12, 1 - 1e-12)
    return float(-np.mean(Y * np.log(1 - P) + (1 - Y) * np.log(P)))
