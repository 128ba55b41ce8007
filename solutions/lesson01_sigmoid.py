"""Lesson 1: the sigmoid activation and its derivative."""

import numpy as np


def sigmoid(z):
    """The logistic sigmoid, elementwise: sigma(z) = 1 / (1 + e^(-z)).

    Args:
        z: a number or an array of any shape (0-d included).

    Returns:
        A float64 array of the same shape as `z`, every value in [0, 1].
        In float64 the result rounds to exactly 1.0 for z above about 36.7, and
        to exactly 0.0 only for z below about -745 (numbers near 0 are stored
        far more finely than numbers near 1).

    Must never warn or return nan for a finite input, z = -1000 and z = 1000
    included. The formula above, typed as it is, overflows: for z = -1000 it
    computes e^(1000), which is inf in float64 (with a RuntimeWarning). The
    page's "Computing it without overflow" asks you to find a way around it.

    Guide: docs/lessons/01-sigmoid.md ("Computing it without overflow");
    stuck: `python -m checks hint 1`.
    """
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    ### END SOLUTION


def sigmoid_prime(z):
    """The derivative of the sigmoid, d sigma / dz, elementwise.

    Args:
        z: a number or an array of any shape (0-d included).

    Returns:
        A float64 array of the same shape as `z`, every value in [0, 0.25],
        largest (0.25) at z = 0. No warning and no nan for any finite z.

    Differentiate sigma yourself (the lesson page walks you through it): the
    result can be written with sigma(z) alone, so you can reuse `sigmoid`
    from this file.
    """
    ### BEGIN SOLUTION
    # The reference does not reuse sigmoid, on purpose. s * (1 - s) is exact
    # mathematically, but for large z, s is 1 - (a tiny number) and 1 - s keeps
    # only the few digits left of that tiny number (for z > 36.7 it is 0.0).
    # e / (1 + e)^2 with e = e^(-|z|) is the same function and keeps full
    # relative precision everywhere. Both pass the checks: their tolerance
    # (1e-12 absolute) is far above the difference.
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return e / (1.0 + e) ** 2
    ### END SOLUTION
