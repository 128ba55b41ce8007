"""Flattens each image column by column (order="F"): pixel (r, c) lands at 28 c + r, not 28 r + c."""
import numpy as np

LESSON = 7
MISTAKE = "preprocess.fortran"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'order'


def preprocess(images, labels, classes=(4, 5)):
    keep = (labels == classes[0]) | (labels == classes[1])
    kept = images[keep]
    X = np.stack([image.flatten(order="F") for image in kept], axis=1) / 255.0
    Y = (labels[keep] == classes[1]).astype(np.float64).reshape(1, -1)
    return X, Y
