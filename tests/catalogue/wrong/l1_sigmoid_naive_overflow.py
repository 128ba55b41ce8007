"""The textbook sigmoid 1 / (1 + e^(-z)): np.exp(1000) overflows for z = -1000 (RuntimeWarning)."""
import numpy as np

LESSON = 1
EXPECT = 'overflow'


def sigmoid(z):
    return 1 / (1 + np.exp(-z))
