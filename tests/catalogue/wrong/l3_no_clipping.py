"""The log of unclipped probabilities: inf (or nan from 0 * log 0) at exactly 0 or 1."""
import numpy as np

LESSON = 3
EXPECT = 'clip'


def bce_loss(A2, Y):
    return float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))
