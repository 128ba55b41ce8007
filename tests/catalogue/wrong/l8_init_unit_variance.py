"""Unscaled standard-normal weights: unit variance in every layer."""
import numpy as np

LESSON = 8
EXPECT = 'unit-variance'

def init_deep(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    L = len(layer_sizes) - 1
    params = {}
    for l in range(1, L + 1):
        n_in, n_out = layer_sizes[l - 1], layer_sizes[l]
        params[f"W{l}"] = rng.standard_normal((n_out, n_in))
        params[f"b{l}"] = np.zeros((n_out, 1))
    return params
