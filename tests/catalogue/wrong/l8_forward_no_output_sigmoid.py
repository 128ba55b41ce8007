"""AL is ZL: no sigmoid at the output."""
import numpy as np

LESSON = 8
MISTAKE = "forward_deep.no_output_sigmoid"  # the catalogued mistake it plants (checks/mistakes.py)


def forward_deep(X, params):
    L = len(params) // 2
    A = X
    cache = {"A0": X}
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = relu(Z) if l < L else Z
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    return A, cache
