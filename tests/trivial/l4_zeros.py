"""Every gradient is zeros shaped like its parameter."""
LESSON = 4


def backward(X, Y, params, cache):
    return {"d" + name: np.zeros_like(value) for name, value in params.items()}
