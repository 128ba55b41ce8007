"""dZ1 = W2^T dZ2 without the elementwise sigma'(Z1) factor."""
import numpy as np

LESSON = 4
MISTAKE = "backward.no_slope"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'derivative'


def backward(X, Y, params, cache):
    m = X.shape[1]
    dZ2 = (cache["A2"] - Y) / m
    dW2 = dZ2 @ cache["A1"].T
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = params["W2"].T @ dZ2
    dW1 = dZ1 @ X.T
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
