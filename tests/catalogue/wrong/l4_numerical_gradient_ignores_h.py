"""numerical_gradient always steps by 1e-5, whatever h it is given: right at the default, wrong for any other h."""
import numpy as np

LESSON = 4
EXPECT = "not the h passed in"


def numerical_gradient(f, x, h=1e-5):
    step = 1e-5
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        above, below = x.copy(), x.copy()
        above[index] += step
        below[index] -= step
        grad[index] = (f(above) - f(below)) / (2 * step)
    return grad
