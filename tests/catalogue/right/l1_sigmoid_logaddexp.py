"""sigmoid(z) = exp(-log(1 + e^(-z))) with np.logaddexp(0, -z), which is computed without overflow."""
import numpy as np

LESSON = 1


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=np.float64)))
