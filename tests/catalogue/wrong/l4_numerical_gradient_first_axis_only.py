"""numerical_gradient loops over the first axis only (range(len(x))): a whole row moves at once, and a 0-d x
has no len()."""
import numpy as np

LESSON = 4


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for i in range(len(x)):
        above, below = x.copy(), x.copy()
        above[i] += h
        below[i] -= h
        grad[i] = (f(above) - f(below)) / (2 * h)
    return grad
