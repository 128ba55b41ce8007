"""numerical_gradient calls f with flat copies of x (x.ravel()), not arrays of x's shape: f refuses them."""
import numpy as np

LESSON = 4
EXPECT = "f takes a float64 array of x's shape"


def numerical_gradient(f, x, h=1e-5):
    flat = x.ravel().copy()
    grad = np.zeros(flat.size)
    for i in range(flat.size):
        above, below = flat.copy(), flat.copy()
        above[i] += h
        below[i] -= h
        grad[i] = (f(above) - f(below)) / (2 * h)
    return grad.reshape(x.shape)
