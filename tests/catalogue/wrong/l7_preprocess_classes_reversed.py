"""Label 1.0 for classes[0] (the 4s) and 0.0 for classes[1]: the classes reversed."""
import numpy as np

LESSON = 7
MISTAKE = "preprocess.classes_reversed"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'reversed'


def preprocess(images, labels, classes=(4, 5)):
    keep = (labels == classes[0]) | (labels == classes[1])
    X = images[keep].reshape(-1, 784).T / 255.0
    Y = (labels[keep] == classes[0]).astype(np.float64).reshape(1, -1)
    return X, Y
