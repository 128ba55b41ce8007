"""sigmoid_prime casts the sigmoid to float32 before s * (1 - s): a float32 result."""
import numpy as np

LESSON = 1


def sigmoid_prime(z):
    s = sigmoid(z).astype(np.float32)
    return s * (1 - s)
