"""init_deep builds W1, b1, W2, b2 from the first, second and last sizes only."""
import numpy as np

LESSON = 8
EXPECT = 'fixed at 2'

def init_deep(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    n_x, n_h, n_y = layer_sizes[0], layer_sizes[1] if len(layer_sizes) > 2 else 1, layer_sizes[-1]
    return {"W1": rng.standard_normal((n_h, n_x)) * np.sqrt(2 / n_x), "b1": np.zeros((n_h, 1)),
            "W2": rng.standard_normal((n_y, n_h)) * np.sqrt(1 / n_h), "b2": np.zeros((n_y, 1))}
