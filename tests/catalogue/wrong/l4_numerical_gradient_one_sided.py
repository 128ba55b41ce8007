"""numerical_gradient as a forward (one-sided) difference, (f(x + h e_i) - f(x)) / h: off by about h f''/2."""
import numpy as np

LESSON = 4
EXPECT = "one-sided"


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    here = f(x)
    for index in np.ndindex(x.shape):
        above = x.copy()
        above[index] += h
        grad[index] = (f(above) - here) / h
    return grad
