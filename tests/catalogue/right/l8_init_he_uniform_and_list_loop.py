"""He uniform, within +-sqrt(6 / fan_in) (the same variance as He normal), and a zip over the sizes."""
import numpy as np

LESSON = 8

def init_deep(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    pairs = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    for l, (n_in, n_out) in enumerate(pairs, start=1):
        limit = np.sqrt((6.0 if l < len(pairs) else 3.0) / n_in)
        params["W%d" % l] = rng.uniform(-limit, limit, (n_out, n_in))
        params["b%d" % l] = np.zeros((n_out, 1))
    return params
