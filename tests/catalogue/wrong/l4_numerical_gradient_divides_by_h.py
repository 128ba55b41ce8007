"""numerical_gradient divides the central difference by h instead of 2h: every slope twice too large."""
import numpy as np

LESSON = 4
EXPECT = "twice the central difference"


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        above, below = x.copy(), x.copy()
        above[index] += h
        below[index] -= h
        grad[index] = (f(above) - f(below)) / h
    return grad
