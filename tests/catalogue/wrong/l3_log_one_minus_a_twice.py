"""log(1 - A) in both terms."""
import numpy as np

LESSON = 3
MISTAKE = "bce_loss.log_one_minus_a_twice"  # the catalogued mistake it plants (checks/mistakes.py)


def bce_loss(A2, Y):
    P = np.clip(A2, 1e-12, 1 - 1e-12)
    return float(-np.mean(Y * np.log(1 - P) + (1 - Y) * np.log(1 - P)))
