"""relu_prime is 1 for negative z and 0 for positive z."""
import numpy as np

LESSON = 8
MISTAKE = "relu_prime.inverted"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'where z < 0'

def relu_prime(z):
    return (np.asarray(z, dtype=np.float64) <= 0).astype(np.float64)
