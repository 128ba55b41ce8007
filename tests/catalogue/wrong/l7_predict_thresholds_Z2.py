"""Thresholds the pre-activation Z2 at 0.5 (instead of A2 at 0.5, or Z2 at 0)."""
import numpy as np

LESSON = 7
EXPECT = 'Z2'


def predict(X, params):
    _, cache = forward(X, params)
    return (cache["Z2"] >= 0.5).astype(np.float64)
