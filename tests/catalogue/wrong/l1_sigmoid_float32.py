"""The stable sigmoid, but computed in float32 "to save memory": results are float32, not float64."""
import numpy as np

LESSON = 1
EXPECT = 'float32'


def sigmoid(z):
    z = np.asarray(z, dtype=np.float32)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
