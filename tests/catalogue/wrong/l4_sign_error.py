"""dZ2 = Y - A2: every gradient has the wrong sign (gradient ascent once update subtracts it)."""
import numpy as np

LESSON = 4
MISTAKE = "generic.sign"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'sign'


def backward(X, Y, params, cache):
    m = X.shape[1]
    dZ2 = (Y - cache["A2"]) / m
    dW2 = dZ2 @ cache["A1"].T
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = (params["W2"].T @ dZ2) * sigmoid_prime(cache["Z1"])
    dW1 = dZ1 @ X.T
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
