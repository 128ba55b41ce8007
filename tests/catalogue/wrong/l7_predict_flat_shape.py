"""Returns the labels with shape (m,) instead of (1, m)."""
import numpy as np

LESSON = 7


def predict(X, params):
    A2, _ = forward(X, params)
    return (A2.ravel() >= 0.5).astype(np.float64)
