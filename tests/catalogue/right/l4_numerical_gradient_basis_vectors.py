"""numerical_gradient with an explicit basis array e_i, over a flat index, h * e added to all of x."""
import numpy as np

LESSON = 4


def numerical_gradient(f, x, h=1e-5):
    grad = np.empty(x.size)
    for i in range(x.size):
        e = np.zeros(x.size)
        e[i] = 1.0
        e = e.reshape(x.shape)
        grad[i] = (f(x + h * e) - f(x - h * e)) / (2.0 * h)
    return grad.reshape(x.shape)
