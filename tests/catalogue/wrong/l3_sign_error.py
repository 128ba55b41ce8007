"""Missing leading minus: the loss is negative."""
import numpy as np

LESSON = 3
MISTAKE = "bce_loss.no_minus"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'minus'


def bce_loss(A2, Y):
    P = np.clip(A2, 1e-12, 1 - 1e-12)
    return float(np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P)))
