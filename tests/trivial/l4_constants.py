"""Every gradient entry is 0.01."""
LESSON = 4


def backward(X, Y, params, cache):
    return {"d" + name: np.full_like(value, 0.01) for name, value in params.items()}
