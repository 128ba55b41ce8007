"""relu_prime returns the sigmoid's slope."""
import numpy as np

from .lesson01_sigmoid import sigmoid_prime

LESSON = 8
MISTAKE = "relu_prime.sigmoid_slope"  # the catalogued mistake it plants (checks/mistakes.py)


def relu_prime(z):
    return sigmoid_prime(z)
