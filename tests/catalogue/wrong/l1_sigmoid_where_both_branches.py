"""The two stable formulas chosen with np.where, but the z < 0 branch written with np.exp(z): np.where
computes both branches for every entry, so np.exp(z) still overflows at z = 1000."""
import numpy as np

LESSON = 1
EXPECT = 'np.where computes both branches'


def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
