"""Returns the slope (1.0 where z > 0) instead of z."""
import numpy as np

LESSON = 8
MISTAKE = "relu.slope"  # the catalogued mistake it plants (checks/mistakes.py)


def relu(z):
    return (np.asarray(z, dtype=np.float64) > 0).astype(np.float64)
