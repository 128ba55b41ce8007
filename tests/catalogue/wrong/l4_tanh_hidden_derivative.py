"""Backpropagates through the hidden layer with tanh's derivative 1 - A1^2, as if it used tanh."""
import numpy as np

LESSON = 4
MISTAKE = "backward.tanh_slope"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'uses tanh'


def backward(X, Y, params, cache):
    m = X.shape[1]
    dZ2 = (cache["A2"] - Y) / m
    dW2 = dZ2 @ cache["A1"].T
    db2 = dZ2.sum(axis=1, keepdims=True)
    dZ1 = (params["W2"].T @ dZ2) * (1 - cache["A1"] ** 2)
    return {"dW1": dZ1 @ X.T, "db1": dZ1.sum(axis=1, keepdims=True), "dW2": dW2, "db2": db2}
