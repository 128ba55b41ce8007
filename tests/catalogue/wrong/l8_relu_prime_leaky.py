"""relu_prime with a leaky slope of 0.01 for z < 0 (Leaky ReLU's derivative): the course's ReLU is flat there."""
import numpy as np

LESSON = 8


def relu_prime(z):
    return np.where(np.asarray(z, dtype=np.float64) > 0, 1.0, 0.01)
