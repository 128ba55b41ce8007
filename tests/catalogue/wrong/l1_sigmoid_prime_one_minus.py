"""Returns 1 - sigmoid(z): the factor sigmoid(z) is missing."""
import numpy as np

LESSON = 1
MISTAKE = "sigmoid_prime.one_minus"  # the catalogued mistake it plants (checks/mistakes.py)


def sigmoid_prime(z):
    return 1 - sigmoid(z)
