"""Clips with eps = 1e-3: finite, but the loss of confident right (and wrong) answers is visibly off."""
import numpy as np

LESSON = 3
MISTAKE = "bce_loss.eps_too_large"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'eps'


def bce_loss(A2, Y):
    P = np.clip(A2, 1e-3, 1 - 1e-3)
    return float(-np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P)))
