"""Avoids the overflow by clipping z in place (np.clip(..., out=z)): the caller's array is modified."""
import numpy as np

LESSON = 1
EXPECT = 'in place'


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)  # no copy when z is already a float64 array
    np.clip(z, -500, 500, out=z)
    return 1 / (1 + np.exp(-z))
