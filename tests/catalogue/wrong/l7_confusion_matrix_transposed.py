"""Rows the predicted label and columns the true label: the transpose of the asked layout."""
import numpy as np

LESSON = 7
EXPECT = 'transposed'


def confusion_matrix(y_true, y_pred):
    t = np.asarray(y_true).ravel().astype(int)
    p = np.asarray(y_pred).ravel().astype(int)
    matrix = np.zeros((2, 2), dtype=np.int64)
    np.add.at(matrix, (p, t), 1)
    return matrix
