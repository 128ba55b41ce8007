"""numerical_gradient as a one-sided difference (f(x + h e_i) - f(x)) / h, backward left as the stub: the
shortcut earns nothing."""
LESSON = 4


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        above = x.copy()
        above[index] += h
        grad[index] = (f(above) - f(x)) / h
    return grad
