"""Clips a copy of z to [-500, 500], then the textbook formula: e^500 is finite, and the error is below 1e-200."""
import numpy as np

LESSON = 1


def sigmoid(z):
    z = np.clip(z, -500, 500).astype(np.float64)
    return 1.0 / (1.0 + np.exp(-z))
