"""numerical_gradient moves the caller's x in place, x[i] += h, x[i] -= 2h, x[i] += h: the slopes are right
but x comes back changed in its last bits (rounding)."""
import numpy as np

LESSON = 4
EXPECT = "x is not the same when numerical_gradient returns"


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        x[index] += h
        above = f(x)
        x[index] -= 2 * h
        below = f(x)
        x[index] += h
        grad[index] = (above - below) / (2 * h)
    return grad
