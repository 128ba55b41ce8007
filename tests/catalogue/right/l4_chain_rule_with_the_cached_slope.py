"""The long way without clipping, with the output's slope A2 (1 - A2) from the cache: the two 1 - A2
cancel exactly, so it is A2 - Y to the last digits even at a saturated output."""
import numpy as np

LESSON = 4


def backward(X, Y, params, cache):
    m = Y.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dA2 = (1 - Y) / (1 - A2) - Y / A2
    dZ2 = (dA2 * A2 * (1 - A2)) / m
    dZ1 = np.dot(params["W2"].T, dZ2) * (A1 * (1 - A1))
    return {"dW1": np.dot(dZ1, X.T), "db1": dZ1.sum(axis=1, keepdims=True),
            "dW2": np.dot(dZ2, A1.T), "db2": dZ2.sum(axis=1, keepdims=True)}
