"""relu written as |z|."""
import numpy as np

LESSON = 8
MISTAKE = "relu.abs"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = '|z|'

def relu(z):
    return np.abs(np.asarray(z, dtype=np.float64))
