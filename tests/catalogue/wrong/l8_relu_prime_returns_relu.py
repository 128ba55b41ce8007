"""relu_prime returns relu(z) itself."""
import numpy as np

LESSON = 8
MISTAKE = "relu_prime.is_relu"  # the catalogued mistake it plants (checks/mistakes.py)


def relu_prime(z):
    return np.maximum(np.asarray(z, dtype=np.float64), 0.0)
