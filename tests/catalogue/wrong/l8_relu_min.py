"""min(z, 0): keeps the negative part."""
import numpy as np

LESSON = 8
MISTAKE = "relu.min"  # the catalogued mistake it plants (checks/mistakes.py)


def relu(z):
    return np.minimum(z, 0.0)
