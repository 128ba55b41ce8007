"""sigmoid_prime as e^(-z) / (1 + e^(-z))^2 written naively: for z = -1000 it overflows (inf / inf = nan)."""
import numpy as np

LESSON = 1
EXPECT = 'overflow'


def sigmoid_prime(z):
    e = np.exp(-np.asarray(z, dtype=np.float64))
    return e / (1 + e) ** 2
