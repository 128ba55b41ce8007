"""Returns e^(-z), the piece before the division, not sigmoid."""
import numpy as np

LESSON = 1
MISTAKE = "sigmoid.not_squashed"  # the catalogued mistake it plants (checks/mistakes.py)


def sigmoid(z):
    return np.exp(-np.asarray(z, dtype=np.float64))
