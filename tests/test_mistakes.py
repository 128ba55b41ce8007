"""The catalogue of named mistakes (checks/mistakes.py) and its rule, without a grading.

A mistake is named only when the failing input tells it apart: the learner's value matches that
mistake's value and no other candidate's. The examples the checks try first (TELLING_*) are chosen so
that every catalogued mistake of their function is told apart there. Every named mistake has a hint.
The plants of each mistake and of its nearest neighbour are graded in tests/test_catalogue.py.
"""

import numpy as np
import pytest

from checks.hints import mistake_hint
from checks.mistakes import CATALOGUE, describe, for_output, name_mistake
from checks.strategies import TELLING_BATCH, TELLING_DEEP_NETWORK, TELLING_NETWORK
from solutions import mistakes
from solutions.lesson02_forward import forward
from solutions.lesson03_loss import bce_loss
from solutions.lesson04_backward import backward
from solutions.lesson08_deep import backward_deep, forward_deep

FIELDS = dict(what="dW1", m=3, shape=(2, 1), flat=(2,), name="W1", key="v", method="adam", first=4, second=5)


@pytest.mark.parametrize("mistake", sorted(CATALOGUE))
def test_every_named_mistake_has_a_hint(mistake):
    words = describe(mistake, **FIELDS)
    assert "{" not in words, words
    assert mistake_hint(words) is not None, f"no section of checks/hints/mistakes.md answers {words!r}"


def test_a_mistake_is_named_only_when_the_input_tells_it_apart():
    expected = np.array([1.0, 2.0])
    known = {"first": np.array([1.0, 3.0]), "second": np.array([5.0, 2.0])}
    assert name_mistake(np.array([1.0, 3.0]), expected, known) == "first"
    twins = {**known, "twin": np.array([1.0, 3.0])}
    assert name_mistake(np.array([1.0, 3.0]), expected, twins) is None  # two mistakes give this value: no guess
    assert name_mistake(np.array([1.0, 2.5]), expected, known) is None
    right = {"right": expected.copy(), **known}  # a mistake that gives the right value here is no candidate
    assert name_mistake(np.array([1.0, 3.0]), expected, right) == "first"


def test_a_generic_pattern_that_repeats_a_catalogued_mistake_is_that_mistake():
    expected = np.array([[0.5, -2.0]])
    # the loss without its minus sign is also "the wrong sign": the catalogued words win, once
    assert name_mistake(-expected, expected, {"bce_loss.no_minus": -expected}) == CATALOGUE["bce_loss.no_minus"]
    assert name_mistake(-expected, expected, {}, what="A2").startswith("A2 has the wrong sign")
    assert name_mistake(3 * expected, expected, {}, m=3, what="dW1").startswith("dW1 is exactly m = 3 times")


def _told_apart(found, expected, **fields):
    """The mistakes of `found` ({id: value}) that name_mistake does not name as themselves."""
    return [key for key, value in found.items()
            if not np.allclose(value, expected) and name_mistake(value, expected, found, **fields) != describe(
                key, shape=np.shape(expected), flat=np.shape(expected)[:1], **fields)]


def test_the_telling_network_tells_every_mistake_of_forward_and_backward_apart():
    net = TELLING_NETWORK
    A2, cache = forward(net.X, net.params)
    found = mistakes.forward_mistakes(net.X, net.params)
    assert _told_apart(for_output(found, "A2"), A2, what="A2", m=2) == []
    assert len(for_output(found, "A2")) == 7
    grads = backward(net.X, net.Y, net.params, cache)
    found = mistakes.backward_mistakes(net.X, net.Y, net.params, cache)
    for key in ("dW1", "db1"):
        assert _told_apart(for_output(found, key), grads[key], what=key, m=2) == [], key


def test_the_telling_batch_tells_the_losses_apart():
    found = mistakes.bce_loss_mistakes(*TELLING_BATCH)
    expected = bce_loss(*TELLING_BATCH)
    assert _told_apart(found, expected, what="bce_loss", m=3) == []
    assert name_mistake(found["bce_loss.log_a_twice"], expected, found) == CATALOGUE["bce_loss.log_a_twice"]


def test_the_telling_deep_network_tells_every_mistake_of_forward_deep_and_backward_deep_apart():
    net = TELLING_DEEP_NETWORK
    AL, cache = forward_deep(net.X, net.params)
    found = mistakes.forward_deep_mistakes(net.X, net.params, cache)
    assert _told_apart(found, AL, what="AL") == [] and len(found) == 4
    grads = backward_deep(net.Y, net.params, cache)
    found = mistakes.backward_deep_mistakes(net.Y, net.params, cache)
    assert len(found) == 5
    for key in grads:
        assert _told_apart(for_output(found, key), grads[key], what=key, m=2) == [], key
