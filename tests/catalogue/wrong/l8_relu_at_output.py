"""ReLU on the output layer too: AL is relu(ZL), not a probability."""
import numpy as np

LESSON = 8
MISTAKE = "forward_deep.relu_at_output"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'ReLU is applied at the output'

def forward_deep(X, params):
    L = len(params) // 2
    A = X
    cache = {"A0": X}
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = relu(Z)
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    return A, cache
