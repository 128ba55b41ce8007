"""numerical_gradient after CS231n: moves the caller's x in place, and puts the saved value back exactly."""
import numpy as np

LESSON = 4


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + h
        above = f(x)
        x[ix] = old - h
        below = f(x)
        x[ix] = old
        grad[ix] = (above - below) / (2 * h)
        it.iternext()
    return grad
