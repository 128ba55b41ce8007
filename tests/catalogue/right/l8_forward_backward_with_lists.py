"""forward_deep and backward_deep that count layers with a sorted list of W keys and keep Zs in a list first."""
import numpy as np

LESSON = 8

def forward_deep(X, params):
    L = len([k for k in params if k.startswith("W")])
    cache = {"A0": X}
    A = X
    for l in range(1, L + 1):
        Z = np.dot(params["W" + str(l)], A) + params["b" + str(l)]
        A = sigmoid(Z) if l == L else np.maximum(Z, 0)
        cache.update({"Z" + str(l): Z, "A" + str(l): A})
    return A, cache


def backward_deep(Y, params, cache):
    L = len([k for k in params if k.startswith("W")])
    m = Y.shape[1]
    grads = {}
    dA = None
    for l in reversed(range(1, L + 1)):
        if l == L:
            dZ = (cache["A" + str(L)] - Y) / m
        else:
            dZ = dA * (cache["Z" + str(l)] > 0)
        grads["dW" + str(l)] = np.einsum("im,jm->ij", dZ, cache["A" + str(l - 1)])
        grads["db" + str(l)] = dZ.sum(axis=1).reshape(-1, 1)
        dA = params["W" + str(l)].T @ dZ
    return grads
