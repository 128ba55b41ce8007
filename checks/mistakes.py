"""Naming a mistake from the shape of a wrong answer.

A check passes `name_mistake` the learner's value, the reference value and the values
that known mistakes would give (computed from the reference pieces by the check, e.g.
"the gradient without the sigmoid derivative"). The first one the learner's value
matches is named; some patterns (m times too large, sign flipped, transposed, the
shape without keepdims) are tried for every value.
"""

from typing import Any, Dict, Optional

import numpy as np

MATCH = dict(rtol=1e-6, atol=1e-9)  # looser than a verdict: a match only has to be unmistakable


def matches(got: Any, candidate: Any) -> bool:
    """True when `got` has the candidate's shape and values (within MATCH)."""
    try:
        got, candidate = np.asarray(got, dtype=np.float64), np.asarray(candidate, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return got.shape == candidate.shape and bool(np.allclose(got, candidate, **MATCH))


def name_mistake(got: Any, expected: Any, known: Optional[Dict[str, Any]] = None, *,
                 m: Optional[int] = None, what: str = "the result") -> Optional[str]:
    """The description of the known mistakes whose value `got` matches (else the first generic one), or None."""
    expected = np.asarray(expected, dtype=np.float64)
    named = [description for description, candidate in (known or {}).items()
             if matches(got, candidate) and not matches(expected, candidate)]
    if named:  # on a small input two mistakes can give the same value (ReLU and tanh at 0): say both
        return "; or ".join(named)
    for description, candidate in _generic(expected, m, what):
        if matches(got, candidate) and not matches(expected, candidate):
            return description
    return None


def _generic(expected: np.ndarray, m: Optional[int], what: str):
    if m is not None and m > 1:
        yield (f"{what} is exactly m = {m} times the expected value: did you sum over the examples "
               "instead of averaging (divide by m)?", expected * m)
        yield (f"{what} is exactly 1/m = 1/{m} of the expected value: did you divide by m twice?",
               expected / m)
    yield f"{what} has the wrong sign: check the order of a subtraction (A2 - Y, not Y - A2)", -expected
    if expected.ndim == 2:
        yield f"{what} is transposed: check the order of a matrix product (A @ B.T vs B @ A.T)", expected.T
        if expected.shape[1] == 1:
            yield (f"{what} lost its second axis: sum with keepdims=True (or reshape to "
                   f"{expected.shape})", expected[:, 0])
