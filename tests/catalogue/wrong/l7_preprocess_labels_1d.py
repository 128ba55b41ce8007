"""Y returned with shape (m,) instead of (1, m)."""
import numpy as np

LESSON = 7


def preprocess(images, labels, classes=(4, 5)):
    keep = (labels == classes[0]) | (labels == classes[1])
    X = images[keep].reshape(-1, 784).T / 255.0
    Y = (labels[keep] == classes[1]).astype(np.float64)
    return X, Y
