"""The long way without clipping, Coursera style: dAL = -(Y / AL - (1 - Y) / (1 - AL)), times sigma'(ZL) from
lesson 1 (computed exactly, so 1 - AL's rounding shows at a saturated output: allowed by that check)."""
import numpy as np
from .lesson01_sigmoid import sigmoid_prime

LESSON = 8


def backward_deep(Y, params, cache):
    L = len(params) // 2
    m = Y.shape[1]
    AL = cache["A" + str(L)]
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    dZ = dAL * sigmoid_prime(cache["Z" + str(L)])
    grads = {}
    for l in reversed(range(1, L + 1)):
        grads["dW" + str(l)] = np.dot(dZ, cache["A" + str(l - 1)].T) / m
        grads["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dZ = np.dot(params["W" + str(l)].T, dZ) * relu_prime(cache["Z" + str(l - 1)])
    return grads
