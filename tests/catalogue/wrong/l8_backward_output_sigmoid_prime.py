"""An extra sigma'(ZL) at the output: dZL = (AL - Y) * sigma'(ZL) / m."""
import numpy as np
from .lesson01_sigmoid import sigmoid_prime

LESSON = 8
MISTAKE = "backward_deep.output_slope"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'at the output'


def backward_deep(Y, params, cache):
    L = len(params) // 2
    m = Y.shape[1]
    grads = {}
    dZ = (cache[f"A{L}"] - Y) * sigmoid_prime(cache[f"Z{L}"]) / m
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = dZ @ cache[f"A{l - 1}"].T
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            dZ = (params[f"W{l}"].T @ dZ) * relu_prime(cache[f"Z{l - 1}"])
    return grads
