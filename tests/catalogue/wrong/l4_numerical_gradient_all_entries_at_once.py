"""numerical_gradient moves every entry of x at once, (f(x + h) - f(x - h)) / 2h in every entry: the slope
along the diagonal, right only when x has one entry."""
import numpy as np

LESSON = 4
EXPECT = "every entry of x was moved at once"


def numerical_gradient(f, x, h=1e-5):
    return np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h))
