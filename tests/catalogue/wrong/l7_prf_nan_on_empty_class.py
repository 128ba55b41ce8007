"""Plain NumPy division: precision is nan (with a RuntimeWarning) when nothing is predicted 1, not 0.0."""
import numpy as np

LESSON = 7


def precision_recall_f1(y_true, y_pred):
    (tn, fp), (fn, tp) = confusion_matrix(y_true, y_pred)
    precision = np.float64(tp) / (tp + fp)
    recall = np.float64(tp) / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    return float(precision), float(recall), float(f1)
