"""numerical_gradient as a backward (one-sided) difference, (f(x) - f(x - h e_i)) / h: off by about h f''/2."""
import numpy as np

LESSON = 4
EXPECT = "(f(x) - f(x - h e_i)) / h"


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        below = x.copy()
        below[index] -= h
        grad[index] = (f(x) - f(below)) / h
    return grad
