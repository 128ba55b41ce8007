"""sigmoid_prime as 1 / (4 cosh(z/2)^2): exact maths, but cosh(500)^2 overflows for z = 1000 (RuntimeWarning)."""
import numpy as np

LESSON = 1


def sigmoid_prime(z):
    z = np.asarray(z, dtype=np.float64)
    return 1 / (4 * np.cosh(z / 2) ** 2)
