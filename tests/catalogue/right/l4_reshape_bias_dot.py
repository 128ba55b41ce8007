"""np.dot throughout; bias gradients summed without keepdims, then reshaped to columns."""
import numpy as np

LESSON = 4


def backward(X, Y, params, cache):
    m = Y.shape[1]
    dZ2 = (cache["A2"] - Y) / m
    dW2 = np.dot(dZ2, cache["A1"].T)
    db2 = dZ2.sum(axis=1).reshape(-1, 1)
    dA1 = np.dot(params["W2"].T, dZ2)
    dZ1 = dA1 * sigmoid_prime(cache["Z1"])
    dW1 = np.dot(dZ1, X.T)
    db1 = dZ1.sum(axis=1).reshape(-1, 1)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
