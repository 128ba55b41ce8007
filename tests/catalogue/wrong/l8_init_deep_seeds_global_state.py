"""He initialisation drawn from np.random after np.random.seed(seed): seeded, right scale, but not "as in lesson 2":
it resets the global random state behind the learner's back."""
import numpy as np

LESSON = 8
EXPECT = "global random state"


def init_deep(layer_sizes, seed=0):
    np.random.seed(seed)
    params = {}
    L = len(layer_sizes) - 1
    for l in range(1, L + 1):
        scale = np.sqrt((2.0 if l < L else 1.0) / layer_sizes[l - 1])
        params[f"W{l}"] = np.random.randn(layer_sizes[l], layer_sizes[l - 1]) * scale
        params[f"b{l}"] = np.zeros((layer_sizes[l], 1))
    return params
