"""Every gradient is zeros shaped like its parameter (and numerical_gradient zeros shaped like x)."""
LESSON = 4


def numerical_gradient(f, x, h=1e-5):
    return np.zeros_like(x)


def backward(X, Y, params, cache):
    return {"d" + name: np.zeros_like(value) for name, value in params.items()}
