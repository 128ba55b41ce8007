"""sigmoid_prime written as the derivative of tanh, 1 - tanh(z)^2 (the wrong activation's slope)."""
import numpy as np

LESSON = 1


def sigmoid_prime(z):
    return 1 - np.tanh(np.asarray(z, dtype=np.float64)) ** 2
