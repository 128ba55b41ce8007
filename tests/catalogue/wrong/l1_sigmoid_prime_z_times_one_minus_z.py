"""sigmoid_prime as z * (1 - z): the formula s * (1 - s) applied to z instead of s = sigmoid(z)."""
import numpy as np

LESSON = 1
MISTAKE = "sigmoid_prime.of_z"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'z * (1 - z)'


def sigmoid_prime(z):
    z = np.asarray(z, dtype=np.float64)
    return z * (1 - z)
