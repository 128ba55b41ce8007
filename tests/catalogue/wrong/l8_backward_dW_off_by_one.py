"""dWl taken with the layer's own activations A_l instead of the ones entering it, A_(l-1) (cache read off by one)."""
import numpy as np

LESSON = 8
MISTAKE = "backward_deep.dW_off_by_one"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'off by one'


def backward_deep(Y, params, cache):
    L = len(params) // 2
    m = Y.shape[1]
    grads = {}
    dZ = (cache[f"A{L}"] - Y) / m
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = dZ @ cache[f"A{l}"].T
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            dZ = (params[f"W{l}"].T @ dZ) * relu_prime(cache[f"Z{l - 1}"])
    return grads
