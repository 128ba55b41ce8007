"""Lesson 3: bce_loss."""

import numpy as np
import pytest

from hypothesis import example, strategies as st

from .compare import call, expect_scalar, scalar_result
from .course import find_lesson
from .failure import CheckFailure
from .mistakes import describe
from .strategies import TELLING_BATCH, labels, probabilities
from .reference import given, mistakes as reference_mistakes, module as reference_module

reference = reference_module("lesson03_loss")
mistakes = reference_mistakes()
LESSON = find_lesson("3")
LARGE = 15.0  # -log(eps) for the largest accepted eps, 1e-7, is 16.1


@st.composite
def batches(draw, margin=1e-6):
    """(A2, Y) for 1 to 6 examples, A2 at least `margin` away from 0 and 1."""
    m = draw(st.integers(1, 6))
    return draw(probabilities(m, margin)), draw(labels(m))


@pytest.mark.reference
@pytest.mark.grades("bce_loss")
@given(batches())
@example(batch=TELLING_BATCH)
def test_bce_loss_matches_reference(learner, batch):
    A2, Y = batch
    got, the_call = call(learner, "bce_loss", A2=A2, Y=Y)
    expected = reference.bce_loss(A2, Y)
    eps_added, named = mistakes.bce_loss_eps_added(A2, Y), mistakes.bce_loss_mistakes(A2, Y)
    value = scalar_result("bce_loss(A2, Y)", got, call=the_call, expected=expected, mistakes=named, m=Y.shape[1])
    if not np.isclose(value, expected, rtol=1e-9, atol=1e-12) and np.any(np.isclose(value, eps_added, rtol=1e-12,
                                                                                      atol=0)):
        raise CheckFailure("bce_loss does not match the reference", call=the_call, expected=np.float64(expected),
                           got=np.float64(value), mistake=describe("bce_loss.eps_added"))
    expect_scalar("bce_loss(A2, Y)", got, expected, call=the_call, m=Y.shape[1], mistakes=named)


@pytest.mark.grades("bce_loss")
def test_bce_loss_of_confident_wrong_answers_is_large_and_finite(learner):
    for A2, Y in ((np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]])), (np.array([[1.0]]), np.array([[0.0]]))):
        got, the_call = call(learner, "bce_loss", A2=A2, Y=Y)
        loss = scalar_result("bce_loss(A2, Y)", got, call=the_call)
        if not np.isfinite(loss):
            raise CheckFailure(f"bce_loss is {loss} for a prediction of exactly 0 or 1", call=the_call,
                               mistake="log(0) is -inf: a prediction of exactly 0 or 1 reaches the log unclipped")
        if loss < LARGE:
            raise CheckFailure(f"bce_loss is only {loss:.3g} for a confident wrong prediction (exactly 0 "
                               f"or 1): it should be large, at least {LARGE:g}", call=the_call,
                               mistake="the clipping eps is too large: it caps the loss of a confident wrong answer")


@pytest.mark.grades("bce_loss")
def test_bce_loss_of_confident_right_answers_is_near_zero(learner):
    for A2, Y in ((np.array([[0.0, 1.0]]), np.array([[0.0, 1.0]])),
                  (np.array([[1e-9, 1 - 1e-9, 1e-9]]), np.array([[0.0, 1.0, 0.0]]))):
        got, the_call = call(learner, "bce_loss", A2=A2, Y=Y)
        loss = scalar_result("bce_loss(A2, Y)", got, call=the_call)
        if not (np.isfinite(loss) and 0 <= loss < 1e-6):
            raise CheckFailure(f"bce_loss is {loss!r} for confident right answers: it should be "
                               "non-negative and near 0", call=the_call,
                               mistake="0 * log(0) is nan: a prediction of exactly 0 or 1 reaches the log unclipped")


@pytest.mark.grades("bce_loss")
@given(batches(margin=0.0))
def test_bce_loss_is_non_negative_and_finite(learner, batch):
    A2, Y = batch
    got, the_call = call(learner, "bce_loss", A2=A2, Y=Y)
    loss = scalar_result("bce_loss(A2, Y)", got, call=the_call)
    if not (np.isfinite(loss) and loss >= 0):
        raise CheckFailure(f"bce_loss is {loss!r}: it should be a finite number >= 0", call=the_call,
                           mistake="log(0) is -inf (a prediction of 0 or 1 unclipped), or the minus sign in front of "
                                   "the mean is missing")
