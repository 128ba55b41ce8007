"""Accuracy as the number of right predictions, not the fraction."""
import numpy as np

LESSON = 7
EXPECT = 'number of correct'


def accuracy(y_true, y_pred):
    return float(np.sum(y_true == y_pred))
