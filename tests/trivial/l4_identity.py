"""The parameters themselves, under the gradients' names."""
LESSON = 4


def backward(X, Y, params, cache):
    return {"d" + name: np.array(value) for name, value in params.items()}
