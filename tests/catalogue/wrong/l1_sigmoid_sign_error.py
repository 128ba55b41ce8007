"""Sign error: the two stable branches swapped, which computes 1 / (1 + e^z) = sigmoid(-z)."""
import numpy as np

LESSON = 1
MISTAKE = "sigmoid.sign"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'sigmoid(-z)'


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, e / (1 + e), 1 / (1 + e))
