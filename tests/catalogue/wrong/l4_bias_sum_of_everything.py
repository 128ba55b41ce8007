"""The bias gradients are the sum of every entry, repeated for each unit."""
import numpy as np

LESSON = 4
MISTAKE = "backward.bias_sum_all"  # the catalogued mistake it plants (checks/mistakes.py)


def backward(X, Y, params, cache):
    m = X.shape[1]
    dZ2 = (cache["A2"] - Y) / m
    dW2 = dZ2 @ cache["A1"].T
    db2 = np.full((dZ2.shape[0], 1), np.sum(dZ2))
    dZ1 = (params["W2"].T @ dZ2) * sigmoid_prime(cache["Z1"])
    dW1 = dZ1 @ X.T
    db1 = np.full((dZ1.shape[0], 1), np.sum(dZ1))
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
