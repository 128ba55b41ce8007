"""No 1/m: every gradient is the sum over the examples, exactly m times the mean's."""
import numpy as np

LESSON = 4
MISTAKE = "generic.m_times"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'sum over the examples'


def backward(X, Y, params, cache):
    dZ2 = cache["A2"] - Y
    dW2 = dZ2 @ cache["A1"].T
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = (params["W2"].T @ dZ2) * sigmoid_prime(cache["Z1"])
    dW1 = dZ1 @ X.T
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
