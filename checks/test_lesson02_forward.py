"""Lesson 2: init_params and forward (graded with the reference sigmoid)."""

import numpy as np
import pytest
from hypothesis import example

from digits import load_digits

from . import exam, global_random
from .compare import call, expect_array, expect_params_dict
from .course import find_lesson
from .failure import CheckFailure, literal
from .mistakes import for_output
from .strategies import TELLING_NETWORK, digits_as_inputs, networks
from .reference import given, mistakes as reference_mistakes, module as reference_module

reference = reference_module("lesson02_forward")
mistakes = reference_mistakes()
LESSON = find_lesson("2")
CACHE_KEYS = ("Z1", "A1", "Z2", "A2")


def _param_shapes(n_x, n_h, n_y):
    return {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}


def _init(learner, n_x, n_h, n_y=1, seed=0):
    params, the_call = call(learner, "init_params", n_x=n_x, n_h=n_h, n_y=n_y, seed=exam.seed(seed))
    expect_params_dict("init_params(...)", params, ("W1", "b1", "W2", "b2"), call=the_call)
    for name, shape in _param_shapes(n_x, n_h, n_y).items():
        value = params[name]
        if not isinstance(value, np.ndarray) or value.shape != shape or value.dtype != np.float64:
            got = f"{value.dtype} shape {value.shape}" if isinstance(value, np.ndarray) else type(value).__name__
            raise CheckFailure(f"init_params: {name} should be a float64 array of shape {shape}, got {got}",
                               call=the_call, mistake="W1 is (n_h, n_x): one row per hidden unit"
                               if name == "W1" and getattr(value, "shape", None) == shape[::-1] else None)
    return params, the_call


def _expect_random(params, the_call):
    for name in ("W1", "W2"):
        if params[name].size > 1 and np.all(params[name] == params[name].flat[0]):
            raise CheckFailure(f"init_params: every entry of {name} is equal ({params[name].flat[0].item()!r})",
                               call=the_call,
                               mistake="equal weights make every hidden unit compute and learn the same "
                                       "thing forever: draw random weights")


@pytest.mark.grades("init_params")
def test_init_params_shapes_and_dtype(learner):
    for sizes in ((784, 32, 1), (3, 2, 1), (5, 4, 2), (1, 1, 1)):
        _init(learner, *sizes)


@pytest.mark.reference
@pytest.mark.grades("init_params")
def test_init_params_breaks_symmetry(learner):
    params, the_call = _init(learner, 784, 32, 1)
    _expect_random(params, the_call)
    if len(np.unique(params["W1"], axis=0)) < 32:
        raise CheckFailure("init_params: two hidden units (rows of W1) have identical weights",
                           call=the_call, mistake="draw every entry of W1 independently")


@pytest.mark.reference
@pytest.mark.grades("init_params")
def test_init_params_is_seeded(learner):
    """The same seed gives the same weights, another seed others, and NumPy's global random state is left
    alone (the docstring forbids it: seeding it changes every other random draw of the learner's program)."""
    (first, the_call), untouched = global_random.leaves_global_random_alone(learner, lambda: _init(learner, 20, 4, 1, seed=0))
    _expect_random(first, the_call)
    again, _ = _init(learner, 20, 4, 1, seed=0)
    other, _ = _init(learner, 20, 4, 1, seed=1)
    for name in ("W1", "W2"):
        if not np.array_equal(first[name], again[name]):
            raise CheckFailure(f"init_params gave a different {name} for the same seed", call=the_call,
                               mistake="draw from a generator made from the seed, "
                                       "np.random.default_rng(seed), not from unseeded np.random")
    if np.array_equal(first["W1"], other["W1"]):
        raise CheckFailure("init_params gave the same W1 for seeds 0 and 1: the seed is ignored",
                           call=the_call, mistake="pass the seed to np.random.default_rng(seed)")
    global_random.expect_untouched(untouched, "init_params", the_call)


@pytest.mark.grades("init_params")
def test_init_params_scale(learner):
    """RMS of each weight matrix at most 2/sqrt(fan_in); biases below 0.5 in size."""
    for n_x, n_h in ((784, 32), (100, 10)):
        params, the_call = _init(learner, n_x, n_h, 1)
        for name, fan_in in (("W1", n_x), ("W2", n_h)):
            rms = float(np.sqrt(np.mean(params[name] ** 2)))
            if rms > 2 / np.sqrt(fan_in):
                raise CheckFailure(
                    f"init_params: {name} is too large for fan_in = {fan_in}: root mean square {rms:.3g}, "
                    f"at most about 1/sqrt(fan_in) = {1 / np.sqrt(fan_in):.3g}", call=the_call,
                    mistake="unscaled standard-normal weights saturate the sigmoids (with hundreds of inputs "
                            "each z is large, and their slope is ~0) and learning stalls: scale them by "
                            "1 / np.sqrt(fan_in)")
        for name in ("b1", "b2"):
            if np.max(np.abs(params[name])) >= 0.5:
                raise CheckFailure(f"init_params: {name} should be zero or small, its largest entry is "
                                   f"{np.max(np.abs(params[name])):.3g}", call=the_call)


def _check_forward(learner, X, params):
    result, the_call = call(learner, "forward", X=X, params=params)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise CheckFailure("forward should return a pair (A2, cache)", call=the_call)
    A2, cache = result
    expected_A2, expected_cache = reference.forward(X, params)
    found = mistakes.forward_mistakes(X, params)
    expect_array("A2", A2, expected_A2, call=the_call, mistakes=for_output(found, "A2"))
    expect_params_dict("cache", cache, CACHE_KEYS, call=the_call)
    for key in CACHE_KEYS:
        expect_array(f"cache['{key}']", cache[key], expected_cache[key], call=the_call,
                     mistakes=for_output(found, key))
    return A2, the_call


@pytest.mark.reference
@pytest.mark.grades("forward")
@given(networks())
@example(net=TELLING_NETWORK)
def test_forward_matches_reference(learner, net):
    _check_forward(learner, net.X, net.params)


@pytest.mark.reference
@pytest.mark.grades("forward")
def test_forward_on_digits(learner):
    """A batch of real digits through a 784-32-1 network."""
    X, _ = digits_as_inputs(exam.pick(np.arange(len(load_digits().images)), 5, 2))
    _check_forward(learner, X, reference.init_params(784, 32, 1, seed=exam.seed(3)))


@pytest.mark.grades("forward")
@given(networks())
def test_forward_columns_are_independent(learner, net):
    """Each example's output depends on its own column only."""
    A2, the_call = _check_forward(learner, net.X, net.params)
    for j in range(net.m):
        column = net.X[:, j:j + 1]
        alone, _ = call(learner, "forward", X=column, params=net.params)
        if not np.allclose(alone[0], A2[:, j:j + 1], rtol=1e-9, atol=1e-12):
            raise CheckFailure(f"forward of column {j} alone differs from column {j} of the batch",
                               call=the_call, details=[f"alone: {literal(alone[0])}",
                                                       f"in the batch: {literal(A2[:, j:j + 1])}"])
