"""relu with np.where and relu_prime as 1.0 * (z > 0), with 1.0 at exactly 0 (allowed)."""
import numpy as np

LESSON = 8

def relu(z):
    z = np.asarray(z, dtype=np.float64)
    return np.where(z > 0, z, 0.0)


def relu_prime(z):
    return np.where(np.asarray(z, dtype=np.float64) >= 0, 1.0, 0.0)
