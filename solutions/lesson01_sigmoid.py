"""Lesson 1: the sigmoid activation and its derivative."""

import numpy as np


def sigmoid(z):
    """The logistic sigmoid, elementwise: sigma(z) = 1 / (1 + e^(-z)).

    Args:
        z: a number or an array of any shape (0-d included).

    Returns:
        A float64 array of the same shape as `z`, every value in [0, 1]
        (strictly inside (0, 1) unless |z| is above about 37, where float64
        rounds to exactly 0 or 1).

    Must never warn or return nan for a finite input, z = -1000 and z = 1000
    included. The textbook formula overflows: np.exp(1000) is inf (with a
    RuntimeWarning). Compute e^(-|z|), which is always in (0, 1], and use

        sigma(z) = 1 / (1 + e^(-z))       when z >= 0
        sigma(z) = e^(z) / (1 + e^(z))    when z < 0

    (both are the same function; each is safe on its own side). np.where
    picks between two arrays elementwise.
    """
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    ### END SOLUTION


def sigmoid_prime(z):
    """The derivative of the sigmoid, elementwise: sigma'(z) = sigma(z) * (1 - sigma(z)).

    Args:
        z: a number or an array of any shape (0-d included).

    Returns:
        A float64 array of the same shape as `z`, every value in [0, 0.25],
        largest (0.25) at z = 0. No warning and no nan for any finite z.

    Reuse `sigmoid` from this file rather than writing the formula again.
    """
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    # e / (1 + e)^2 equals s * (1 - s) and keeps full precision far from 0.
    return e / (1.0 + e) ** 2
    ### END SOLUTION
