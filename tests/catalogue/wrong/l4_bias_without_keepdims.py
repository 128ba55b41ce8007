"""Bias gradients summed without keepdims: shapes (n_h,) and (n_y,) instead of (n_h, 1) and (n_y, 1)."""
import numpy as np

LESSON = 4
MISTAKE = "generic.no_keepdims"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'keepdims'


def backward(X, Y, params, cache):
    m = X.shape[1]
    dZ2 = (cache["A2"] - Y) / m
    dW2 = dZ2 @ cache["A1"].T
    db2 = np.sum(dZ2, axis=1)
    dZ1 = (params["W2"].T @ dZ2) * sigmoid_prime(cache["Z1"])
    dW1 = dZ1 @ X.T
    db1 = np.sum(dZ1, axis=1)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
