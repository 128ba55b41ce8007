"""Pixels left as 0..255 (only converted to float)."""
import numpy as np

LESSON = 7
MISTAKE = "preprocess.not_scaled"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = '255'


def preprocess(images, labels, classes=(4, 5)):
    keep = (labels == classes[0]) | (labels == classes[1])
    X = images[keep].reshape(-1, 784).T.astype(np.float64)
    Y = (labels[keep] == classes[1]).astype(np.float64).reshape(1, -1)
    return X, Y
