"""reshape(784, m) directly on the (m, 28, 28) stack: the columns are not the images."""
import numpy as np

LESSON = 7


def preprocess(images, labels, classes=(4, 5)):
    keep = (labels == classes[0]) | (labels == classes[1])
    kept = images[keep]
    X = kept.reshape(784, len(kept)) / 255.0
    Y = (labels[keep] == classes[1]).astype(np.float64).reshape(1, -1)
    return X, Y
