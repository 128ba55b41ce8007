"""numerical_gradient through .flat on copies, multiplying by 0.5 / h instead of dividing by 2h."""
import numpy as np

LESSON = 4


def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(x.size):
        up = x.copy()
        down = x.copy()
        up.flat[i] = x.flat[i] + h
        down.flat[i] = x.flat[i] - h
        grad.flat[i] = (f(up) - f(down)) * (0.5 / h)
    return grad
