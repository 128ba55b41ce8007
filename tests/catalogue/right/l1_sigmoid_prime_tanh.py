"""sigmoid_prime(z) = (1 - tanh(z / 2)^2) / 4, the derivative of the tanh identity."""
import numpy as np

LESSON = 1


def sigmoid_prime(z):
    t = np.tanh(np.asarray(z, dtype=np.float64) / 2.0)
    return 0.25 * (1.0 - t * t)
