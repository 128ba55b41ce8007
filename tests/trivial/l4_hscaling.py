"""numerical_gradient as a central difference divided by h, not 2h, backward left as the stub: the wrong
scaling earns nothing."""
LESSON = 4


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        above, below = x.copy(), x.copy()
        above[index] += h
        below[index] -= h
        grad[index] = (f(above) - f(below)) / h
    return grad
