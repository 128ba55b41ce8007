"""Sigmoid in every layer (lesson 2's habit): the hidden layers should use ReLU."""
import numpy as np

LESSON = 8
MISTAKE = "forward_deep.sigmoid_hidden"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'hidden layers use ReLU'

def forward_deep(X, params):
    L = len(params) // 2
    A = X
    cache = {"A0": X}
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = sigmoid(Z)
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    return A, cache
