"""dW1 = X dZ1^T: the transpose of the gradient, shape (n_x, n_h) instead of W1's (n_h, n_x)."""
import numpy as np

LESSON = 4
MISTAKE = "generic.transposed"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'transposed'


def backward(X, Y, params, cache):
    m = X.shape[1]
    dZ2 = (cache["A2"] - Y) / m
    dW2 = dZ2 @ cache["A1"].T
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = (params["W2"].T @ dZ2) * sigmoid_prime(cache["Z1"])
    dW1 = X @ dZ1.T
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
