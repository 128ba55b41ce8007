"""The long way with lesson 3's own clipping, eps = 1e-12, and the slope taken from the clipped A2 (Coursera's
sigmoid_backward on the clipped output): wrong once A2 is within 1e-12 of 0 or 1 (|Z2| > 27.6)."""
import numpy as np

LESSON = 4
EXPECT = "saturated"


def backward(X, Y, params, cache):
    m = X.shape[1]
    eps = 1e-12
    A2 = np.clip(cache["A2"], eps, 1 - eps)
    dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
    dZ2 = dA2 * A2 * (1 - A2) / m
    dW2 = np.dot(dZ2, cache["A1"].T)
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.dot(params["W2"].T, dZ2) * sigmoid_prime(cache["Z1"])
    return {"dW1": np.dot(dZ1, X.T), "db1": np.sum(dZ1, axis=1, keepdims=True), "dW2": dW2, "db2": db2}
