"""The long way through dAL with AL clipped to [1e-7, 1 - 1e-7] (against a division by zero), times the
sigmoid's slope: right until the output saturates (|ZL| > 16), wrong beyond."""
import numpy as np

LESSON = 8
EXPECT = "saturated"


def backward_deep(Y, params, cache):
    L = len(params) // 2
    m = Y.shape[1]
    AL = np.clip(cache[f"A{L}"], 1e-7, 1 - 1e-7)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    s = sigmoid(cache[f"Z{L}"])
    dZ = dAL * s * (1 - s) / m
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = dZ @ cache[f"A{l - 1}"].T
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            dZ = (params[f"W{l}"].T @ dZ) * relu_prime(cache[f"Z{l - 1}"])
    return grads
