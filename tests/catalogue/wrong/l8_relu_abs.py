"""relu written as |z|."""
import numpy as np

LESSON = 8
EXPECT = '|z|'

def relu(z):
    return np.abs(np.asarray(z, dtype=np.float64))
