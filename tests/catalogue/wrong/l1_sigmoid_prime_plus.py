"""sigmoid(z) * (1 + sigmoid(z)): a plus where the derivative has a minus."""
import numpy as np

LESSON = 1
MISTAKE = "sigmoid_prime.plus"  # the catalogued mistake it plants (checks/mistakes.py)


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 + s)
