"""A plain Python loop over the examples with math.log, clipping each probability with min/max."""
import math

LESSON = 3


def bce_loss(A2, Y):
    eps = 1e-12
    total = 0.0
    m = Y.shape[1]
    for a, y in zip(A2.ravel(), Y.ravel()):
        a = min(max(float(a), eps), 1 - eps)
        total += y * math.log(a) + (1 - y) * math.log(1 - a)
    return -total / m
