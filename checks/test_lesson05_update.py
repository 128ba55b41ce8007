"""Lesson 5: update."""

import numpy as np
import pytest

from hypothesis import strategies as st

from .compare import call, expect_array, expect_params_dict
from .course import find_lesson
from .failure import CheckFailure
from .strategies import arrays, floats, parameters
from .mistakes import for_output
from .reference import given, mistakes as reference_mistakes, module as reference_module

reference = reference_module("lesson05_update")
mistakes = reference_mistakes()
LESSON = find_lesson("5")
NAMES = ("W1", "b1", "W2", "b2")


@st.composite
def steps(draw):
    """(params, grads, lr): grads shaped like params, lr in [1e-4, 2]."""
    params = draw(parameters())
    grads = {"d" + name: draw(arrays(value.shape, -3, 3)) for name, value in params.items()}
    return params, grads, draw(floats(1e-4, 2.0))


def _check_update(learner, params, grads, lr):
    new, the_call = call(learner, "update", params=params, grads=grads, lr=lr)
    expect_params_dict("update(...)", new, NAMES, call=the_call)
    expected = reference.update(params, grads, lr)
    found = mistakes.update_mistakes(params, grads, lr)
    for name in NAMES:
        expect_array(name, new[name], expected[name], call=the_call, mistakes=for_output(found, name), name=name)
    return new, the_call


@pytest.mark.reference
@pytest.mark.grades("update")
@given(steps())
def test_update_matches_reference(learner, step):
    _check_update(learner, *step)


@pytest.mark.grades("update")
@given(steps())
def test_update_is_linear_in_lr(learner, step):
    """Twice the learning rate, twice the step; lr = 0, no step."""
    params, grads, lr = step
    once, the_call = _check_update(learner, params, grads, lr)
    twice, _ = _check_update(learner, params, grads, 2 * lr)
    still, _ = _check_update(learner, params, grads, 0.0)
    for name in NAMES:
        if not np.allclose(twice[name] - params[name], 2 * (once[name] - params[name]), rtol=1e-9, atol=1e-12):
            raise CheckFailure(f"doubling lr does not double the step of {name}", call=the_call)
        if not np.array_equal(still[name], params[name]):
            raise CheckFailure(f"with lr = 0, {name} still changed", call=the_call)


@pytest.mark.grades("update")
@given(steps())
def test_update_moves_against_the_gradient(learner, step):
    """Each entry the reference moves goes against its gradient: the sign of P_new - P is minus dP's.

    Signs are compared entry by entry, never a sum of products, which underflows to 0 for
    tiny gradients (a step of 1e-300 still moves the right way).
    """
    params, grads, lr = step
    new, the_call = _check_update(learner, params, grads, lr)
    expected = reference.update(params, grads, lr)
    for name in NAMES:
        dP = grads[f"d{name}"]
        moved = expected[name] != params[name]  # a step too small for float64 does not move
        wrong = moved & (np.sign(new[name] - params[name]) != -np.sign(dP))
        if wrong.any():
            raise CheckFailure(f"{name} did not move against its gradient d{name}", call=the_call,
                               mistake=f"{name} moved up the gradient where it must go down, against it")


@pytest.mark.grades("update")
def test_update_returns_a_new_dict(learner):
    params = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1)), "W2": np.ones((1, 2)), "b2": np.zeros((1, 1))}
    grads = {"d" + name: np.full_like(value, 0.5) for name, value in params.items()}
    new, the_call = _check_update(learner, params, grads, 0.1)
    if new is params:
        raise CheckFailure("update returned the same dict it was given: return a new dict",
                           call=the_call)
