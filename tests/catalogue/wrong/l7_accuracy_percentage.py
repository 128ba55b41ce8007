"""Accuracy as a percentage (97.5) instead of a fraction (0.975)."""
import numpy as np

LESSON = 7
EXPECT = 'percentage'


def accuracy(y_true, y_pred):
    return float(np.mean(y_true == y_pred) * 100)
