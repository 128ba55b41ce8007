"""Uses np.log10 instead of the natural log."""
import numpy as np

LESSON = 3
MISTAKE = "bce_loss.log10"  # the catalogued mistake it plants (checks/mistakes.py)


def bce_loss(A2, Y):
    P = np.clip(A2, 1e-12, 1 - 1e-12)
    return float(-np.mean(Y * np.log10(P) + (1 - Y) * np.log10(1 - P)))
