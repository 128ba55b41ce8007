"""The cache is off by one layer: A{l} holds the input of layer l (A1 = X, ...), so there is no A0."""
import numpy as np

LESSON = 8
EXPECT = 'off by one'


def forward_deep(X, params):
    L = len(params) // 2
    cache = {}
    A = X
    for l in range(1, L + 1):
        cache[f"A{l}"] = A
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        cache[f"Z{l}"] = Z
        A = relu(Z) if l < L else sigmoid(Z)
    return A, cache
