"""relu_prime with slope 1.0 at exactly z = 0 (z >= 0), used by backward_deep: a subgradient, accepted."""
import numpy as np

LESSON = 8


def relu_prime(z):
    return (np.asarray(z, dtype=np.float64) >= 0).astype(np.float64)
