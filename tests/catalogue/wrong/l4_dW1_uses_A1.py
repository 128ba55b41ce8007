"""dW1 = dZ1 A1^T: the layer's own activation where its input X belongs (shape (n_h, n_h))."""
import numpy as np

LESSON = 4


def backward(X, Y, params, cache):
    m = X.shape[1]
    dZ2 = (cache["A2"] - Y) / m
    dW2 = dZ2 @ cache["A1"].T
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = (params["W2"].T @ dZ2) * sigmoid_prime(cache["Z1"])
    dW1 = dZ1 @ cache["A1"].T
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
