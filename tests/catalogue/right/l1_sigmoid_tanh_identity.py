"""sigmoid(z) = (1 + tanh(z / 2)) / 2: tanh never overflows."""
import numpy as np

LESSON = 1


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(np.asarray(z, dtype=np.float64) / 2.0))
