"""backward_deep multiplies by sigma'(Z) in the hidden layers (lesson 4's line kept)."""
import numpy as np
from .lesson01_sigmoid import sigmoid_prime

LESSON = 8
MISTAKE = "backward_deep.sigmoid_prime_in_relu_layer"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = "sigma' is used in a ReLU layer"


def backward_deep(Y, params, cache):
    L = len(params) // 2
    m = Y.shape[1]
    grads = {}
    dZ = (cache[f"A{L}"] - Y) / m
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = dZ @ cache[f"A{l - 1}"].T
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            dZ = (params[f"W{l}"].T @ dZ) * sigmoid_prime(cache[f"Z{l - 1}"])
    return grads
