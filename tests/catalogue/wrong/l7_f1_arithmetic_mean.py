"""F1 as the arithmetic mean (p + r) / 2 instead of the harmonic mean."""
LESSON = 7
EXPECT = 'harmonic'


def precision_recall_f1(y_true, y_pred):
    (tn, fp), (fn, tp) = confusion_matrix(y_true, y_pred)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return float(precision), float(recall), float((precision + recall) / 2)
