"""sigma' applied to A1 (already a sigmoid) instead of Z1."""
import numpy as np

LESSON = 4
MISTAKE = "backward.slope_of_A1"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'A1'


def backward(X, Y, params, cache):
    m = X.shape[1]
    dZ2 = (cache["A2"] - Y) / m
    dW2 = dZ2 @ cache["A1"].T
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = (params["W2"].T @ dZ2) * sigmoid_prime(cache["A1"])
    dW1 = dZ1 @ X.T
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
