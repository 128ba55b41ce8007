"""numerical_gradient divides by 2 * 2h: every slope half what it should be."""
import numpy as np

LESSON = 4
EXPECT = "half the central difference"


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        above, below = x.copy(), x.copy()
        above[index] += h
        below[index] -= h
        grad[index] = (f(above) - f(below)) / (2 * (2 * h))
    return grad
