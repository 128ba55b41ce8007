"""Lesson 3: binary cross-entropy, the loss the network minimises."""

import numpy as np

EPS = 1e-12  # any clipping eps from 1e-15 to 1e-7 is accepted by the checks


def bce_loss(A2, Y):
    """The mean binary cross-entropy over the m examples, as a float.

        L = -(1/m) * sum_i [ y_i log(a_i) + (1 - y_i) log(1 - a_i) ]

    Args:
        A2: predicted probabilities, shape (1, m), values in [0, 1].
        Y: true labels, shape (1, m), values 0.0 or 1.0.

    Returns:
        A scalar (a Python float or a 0-d float64), not an array of shape (1, 1).

    log(0) is -inf: a confident wrong prediction of exactly 0 or 1 would make
    the loss inf, and 0 * log(0) is nan. The rule in this course: clip the
    probabilities to [eps, 1 - eps] first, with a small eps such as 1e-12
    (np.clip), so the loss is large but finite. Clipping leaves every
    probability inside [eps, 1 - eps] exactly as it is; adding eps inside the
    log (log(A2 + eps)) would shift every example's loss a little instead.

    Guide: docs/lessons/03-loss.md; stuck: `python -m checks hint 3`.
    """
    ### BEGIN SOLUTION
    P = np.clip(A2, EPS, 1.0 - EPS)
    return float(-np.mean(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P)))
    ### END SOLUTION
