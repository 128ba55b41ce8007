"""The hidden layers' dZ lacks the ReLU slope."""
import numpy as np

LESSON = 8
MISTAKE = "backward_deep.no_relu_slope"  # the catalogued mistake it plants (checks/mistakes.py)


def backward_deep(Y, params, cache):
    L = len(params) // 2
    m = Y.shape[1]
    grads = {}
    dZ = (cache[f"A{L}"] - Y) / m
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = dZ @ cache[f"A{l - 1}"].T
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            dZ = params[f"W{l}"].T @ dZ
    return grads
