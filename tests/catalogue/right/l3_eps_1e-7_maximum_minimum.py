"""eps = 1e-7, clipped with np.maximum / np.minimum instead of np.clip; the mean as sum / m."""
import numpy as np

LESSON = 3


def bce_loss(A2, Y):
    eps = 1e-7
    m = Y.shape[1]
    P = np.minimum(np.maximum(A2, eps), 1 - eps)
    return -np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)) / m
