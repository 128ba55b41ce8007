"""The long way through dA2 with A2 clipped to [1e-7, 1 - 1e-7] against a division by zero, then times
sigma'(Z2): right while the output is not saturated, wrong once A2 is within 1e-7 of 0 or 1 (|Z2| > 16)."""
import numpy as np

LESSON = 4
EXPECT = "saturated"


def backward(X, Y, params, cache):
    m = X.shape[1]
    A2 = np.clip(cache["A2"], 1e-7, 1 - 1e-7)
    dA2 = -(Y / A2 - (1 - Y) / (1 - A2))
    dZ2 = dA2 * sigmoid_prime(cache["Z2"]) / m
    dW2 = dZ2 @ cache["A1"].T
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = (params["W2"].T @ dZ2) * sigmoid_prime(cache["Z1"])
    return {"dW1": dZ1 @ X.T, "db1": np.sum(dZ1, axis=1, keepdims=True), "dW2": dW2, "db2": db2}
