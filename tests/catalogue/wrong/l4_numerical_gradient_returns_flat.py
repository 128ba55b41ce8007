"""numerical_gradient returns a flat vector of slopes, not an array of x's shape."""
import numpy as np

LESSON = 4
EXPECT = "shape"


def numerical_gradient(f, x, h=1e-5):
    flat = x.ravel()
    grad = np.zeros(flat.size)
    for i in range(flat.size):
        above, below = flat.copy(), flat.copy()
        above[i] += h
        below[i] -= h
        grad[i] = (f(above.reshape(x.shape)) - f(below.reshape(x.shape))) / (2 * h)
    return grad
