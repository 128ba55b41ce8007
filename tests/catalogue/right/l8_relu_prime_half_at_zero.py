"""relu_prime as np.heaviside(z, 0.5): 0.5 at exactly z = 0, a value in [0, 1] the README accepts, used by
backward_deep too (zero biases make hidden pre-activations of exactly 0 common)."""
import numpy as np

LESSON = 8


def relu_prime(z):
    return np.heaviside(np.asarray(z, dtype=np.float64), 0.5)
