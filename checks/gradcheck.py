"""Numerical gradient checking, after CS231n's helpers.

The derivative of f at x is estimated by central differences,
    df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2h),
whose error is O(h^2) from the Taylor series plus O(eps * |f| / h) from rounding; h = 1e-6
balances the two in float64. An analytic gradient a is compared with the estimate n by
    relative_error(a, n) = ||a - n|| / (||a|| + ||n||)
over a whole parameter: a correct backward pass gives about 1e-9 to 1e-11 here, a wrong
one 1e-3 or more, so the threshold 1e-6 separates them with room on both sides. An
element-wise relative error would not: entries near zero have a large relative error
even when the gradient is right.
"""

from typing import Callable, Dict

import numpy as np

STEP = 1e-6
THRESHOLD = 1e-6


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = STEP) -> np.ndarray:
    """Central-difference gradient of the scalar function f at x (x is not modified)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + h
        above = f(x)
        x[index] = saved - h
        below = f(x)
        x[index] = saved
        grad[index] = (above - below) / (2 * h)
    return grad


def numerical_gradients(loss: Callable[[Dict[str, np.ndarray]], float],
                        params: Dict[str, np.ndarray]) -> Dict[str, np.ndarray]:
    """Central-difference gradients of loss(params), one per parameter (params is not modified)."""
    return {name: numerical_gradient(lambda value, name=name: loss({**params, name: value}), params[name])
            for name in params}


def relative_error(analytic: np.ndarray, numerical: np.ndarray) -> float:
    """||a - n|| / (||a|| + ||n||), 0.0 when both are zero."""
    scale = np.linalg.norm(analytic) + np.linalg.norm(numerical)
    return float(np.linalg.norm(analytic - numerical) / scale) if scale > 0 else 0.0
