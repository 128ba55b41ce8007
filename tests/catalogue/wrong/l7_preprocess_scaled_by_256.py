"""Divides by 256 instead of 255: the brightest pixel becomes 0.996, not 1."""
import numpy as np

LESSON = 7
MISTAKE = "preprocess.by_256"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = '256'


def preprocess(images, labels, classes=(4, 5)):
    keep = (labels == classes[0]) | (labels == classes[1])
    X = images[keep].reshape(-1, 784).T / 256.0
    Y = (labels[keep] == classes[1]).astype(np.float64).reshape(1, -1)
    return X, Y
