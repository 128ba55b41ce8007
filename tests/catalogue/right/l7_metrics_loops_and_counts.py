"""The metrics written the long way: a counting loop for the confusion matrix, accuracy as count / m,
precision, recall and F1 from boolean counts with each zero denominator guarded."""
import numpy as np

LESSON = 7


def accuracy(y_true, y_pred):
    correct = np.count_nonzero(y_true == y_pred)
    return correct / y_true.shape[1]


def confusion_matrix(y_true, y_pred):
    counts = [[0, 0], [0, 0]]
    for t, p in zip(np.ravel(y_true), np.ravel(y_pred)):
        counts[int(t)][int(p)] += 1
    return np.array(counts)


def precision_recall_f1(y_true, y_pred):
    t, p = np.ravel(y_true) == 1, np.ravel(y_pred) == 1
    tp = int(np.sum(t & p))
    precision = tp / p.sum() if p.sum() > 0 else 0.0
    recall = tp / t.sum() if t.sum() > 0 else 0.0
    if precision + recall == 0:
        return float(precision), float(recall), 0.0
    return float(precision), float(recall), float(2 * precision * recall / (precision + recall))
