"""The hidden slope written from the activation as A * (1 - A), the sigmoid's form, in a ReLU layer."""
import numpy as np

LESSON = 8
MISTAKE = "backward_deep.sigmoid_slope_from_A"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'A * (1 - A)'

def backward_deep(Y, params, cache):
    L = len(params) // 2
    m = Y.shape[1]
    grads = {}
    dZ = (cache[f"A{L}"] - Y) / m
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = dZ @ cache[f"A{l - 1}"].T
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            dZ = (params[f"W{l}"].T @ dZ) * cache[f"A{l - 1}"] * (1 - cache[f"A{l - 1}"])
    return grads
