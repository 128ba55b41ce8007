"""Lesson 1: sigmoid and sigmoid_prime."""

import numpy as np
import pytest
from hypothesis import example

from . import exam
from .compare import array_result, call, expect_array
from .course import find_lesson
from .failure import CheckFailure
from .gradcheck import THRESHOLD, relative_error
from .strategies import any_shape, arrays
from .reference import given, mistakes as reference_mistakes, module as reference_module

reference = reference_module("lesson01_sigmoid")
mistakes = reference_mistakes()
LESSON = find_lesson("1")
EXTREMES = np.array([-1000.0, -745.0, -710.0, -40.0, -1.0, 0.0, 1.0, 40.0, 710.0, 745.0, 1000.0])


def _extremes():
    """EXTREMES (where the naive formulas overflow) and the exam's own values beyond the overflow edge."""
    beyond = exam.rng(16).uniform(710.0, 1000.0, 4) * np.array([-1.0, -1.0, 1.0, 1.0])
    return np.concatenate([EXTREMES, beyond])


@pytest.mark.reference
@pytest.mark.grades("sigmoid")
@given(arrays(any_shape(), -1000, 1000))
@example(np.array(0.0))
def test_sigmoid_matches_reference(learner, z):
    got, the_call = call(learner, "sigmoid", z=z)
    expect_array("sigmoid(z)", got, reference.sigmoid(z), call=the_call, mistakes=mistakes.sigmoid_mistakes(z))


@pytest.mark.reference
@pytest.mark.grades("sigmoid")
def test_sigmoid_is_safe_at_extremes(learner):
    z = _extremes()
    got, the_call = call(learner, "sigmoid", z=z.copy())
    expect_array("sigmoid(z)", got, reference.sigmoid(z), call=the_call)


@pytest.mark.grades("sigmoid")
@given(arrays((7,), -60, 60))
def test_sigmoid_properties(learner, z):
    """In [0, 1], 0.5 at 0, symmetric (sigma(-z) = 1 - sigma(z)), never decreasing."""
    z = np.sort(z)
    s, the_call = call(learner, "sigmoid", z=z)
    s = array_result("sigmoid(z)", s, z.shape, call=the_call)
    flipped, flipped_call = call(learner, "sigmoid", z=-z)
    flipped = array_result("sigmoid(z)", flipped, z.shape, call=flipped_call)
    if np.any(s < 0) or np.any(s > 1):
        raise CheckFailure("sigmoid(z) left [0, 1]", call=the_call, got=s, expected=reference.sigmoid(z))
    if np.any(np.diff(s) < 0):
        raise CheckFailure("sigmoid decreases somewhere: it must never decrease as z grows",
                           call=the_call, got=s, expected=reference.sigmoid(z))
    if not np.allclose(flipped, 1.0 - s, rtol=0, atol=1e-12):
        raise CheckFailure("sigmoid(-z) should equal 1 - sigmoid(z)", call=the_call,
                           expected=1.0 - s, got=flipped)
    half, zero_call = call(learner, "sigmoid", z=np.array(0.0))
    expect_array("sigmoid(0)", half, np.array(0.5), call=zero_call)


@pytest.mark.reference
@pytest.mark.grades("sigmoid")
def test_sigmoid_accepts_numbers_and_0d(learner):
    a, b, c = exam.rng(3).uniform(-5.0, 5.0, 3)  # and the exam's own
    for z in (0.25, np.float64(-3.0), np.array(2.5), float(a), np.float64(b), np.array(c)):
        got, the_call = call(learner, "sigmoid", z=z)
        expect_array("sigmoid(z)", np.asarray(got) if np.isscalar(got) else got,
                     reference.sigmoid(z), call=the_call)


@pytest.mark.reference
@pytest.mark.grades("sigmoid_prime")
@given(arrays(any_shape(), -1000, 1000))
@example(np.array(2.0))  # first: at 0, sigma and 1 - sigma are both 0.5, and no mistake can be named
@example(np.array(0.0))
def test_sigmoid_prime_matches_reference(learner, z):
    got, the_call = call(learner, "sigmoid_prime", z=z)
    expect_array("sigmoid_prime(z)", got, reference.sigmoid_prime(z), call=the_call,
                 mistakes=mistakes.sigmoid_prime_mistakes(z))


@pytest.mark.reference
@pytest.mark.grades("sigmoid_prime")
def test_sigmoid_prime_is_safe_at_extremes(learner):
    z = _extremes()
    got, the_call = call(learner, "sigmoid_prime", z=z.copy())
    expect_array("sigmoid_prime(z)", got, reference.sigmoid_prime(z), call=the_call,
                 mistakes=mistakes.sigmoid_prime_mistakes(z))


@pytest.mark.reference
@pytest.mark.grades("sigmoid_prime")
@given(arrays((6,), -8, 8))
def test_sigmoid_prime_gradient_check(learner, z):
    """Against central differences of the reference sigmoid, whatever the formula.

    |z| <= 8 keeps sigma(z) away from 1, where the difference of two values near 1
    loses the digits the derivative needs.
    """
    h = 1e-5
    numerical = (reference.sigmoid(z + h) - reference.sigmoid(z - h)) / (2 * h)
    got, the_call = call(learner, "sigmoid_prime", z=z)
    expect_array("sigmoid_prime(z)", got, numerical, call=the_call, rtol=1e-5, atol=1e-7,
                 mistakes=mistakes.sigmoid_prime_mistakes(z))
    error = relative_error(got, numerical)
    if error > THRESHOLD:
        raise CheckFailure(f"sigmoid_prime disagrees with the numerical derivative of sigmoid: "
                           f"relative error {error:.1e} (threshold {THRESHOLD:g})", call=the_call,
                           expected=numerical, got=got, mistake=None)


@pytest.mark.grades("sigmoid_prime")
@given(arrays((5,), -60, 60))
def test_sigmoid_prime_properties(learner, z):
    """In [0, 0.25], largest at 0 where it is 0.25, symmetric: sigma'(-z) = sigma'(z)."""
    d, the_call = call(learner, "sigmoid_prime", z=z)
    d = array_result("sigmoid_prime(z)", d, z.shape, call=the_call)
    mirrored, mirrored_call = call(learner, "sigmoid_prime", z=-z)
    mirrored = array_result("sigmoid_prime(z)", mirrored, z.shape, call=mirrored_call)
    if np.any(d < 0) or np.any(d > 0.25 + 1e-15):  # e / (1 + e)^2 may round just above 0.25
        raise CheckFailure("sigmoid_prime(z) left [0, 0.25]", call=the_call, got=d,
                           expected=reference.sigmoid_prime(z), mistake=None)
    if not np.allclose(mirrored, d, rtol=1e-9, atol=1e-15):
        raise CheckFailure("sigmoid_prime(-z) should equal sigmoid_prime(z)", call=the_call,
                           expected=d, got=mirrored)
    peak, zero_call = call(learner, "sigmoid_prime", z=np.array(0.0))
    expect_array("sigmoid_prime(0)", peak, np.array(0.25), call=zero_call)
