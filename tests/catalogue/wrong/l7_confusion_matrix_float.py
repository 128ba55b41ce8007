"""Counts in a np.zeros((2, 2)) table: right numbers, but floats, not integers."""
import numpy as np

LESSON = 7


def confusion_matrix(y_true, y_pred):
    matrix = np.zeros((2, 2))
    for t, p in zip(np.ravel(y_true), np.ravel(y_pred)):
        matrix[int(t), int(p)] += 1
    return matrix
