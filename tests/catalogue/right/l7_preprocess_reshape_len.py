"""Selects with np.isin, reshapes with images.reshape(len, 784).T / 255.0, labels via np.where."""
import numpy as np

LESSON = 7


def preprocess(images, labels, classes=(4, 5)):
    keep = np.isin(labels, classes)
    kept = images[keep]
    X = kept.reshape(len(kept), 784).T / 255.0
    Y = np.where(labels[keep] == classes[1], 1.0, 0.0)[np.newaxis, :]
    return X, Y
