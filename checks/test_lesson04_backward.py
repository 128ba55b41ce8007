"""Lesson 4: numerical_gradient against central differences known in closed form; backward against the
reference and against numerical gradients."""

import numpy as np
import pytest
from hypothesis import example

from digits import load_digits

from . import cost, exam, saturation
from .compare import call, expect_array, expect_params_dict
from .course import find_lesson
from .failure import CheckFailure, PassedFunction
from .mistakes import for_output, matches, name_mistake
from .gradcheck import THRESHOLD, numerical_gradients, relative_error
from .strategies import (TELLING_NETWORK, FunctionAtPoint, SmoothFunction, floats, functions_at_points, networks,
                         digits_as_inputs, random_network)
from .reference import given, mistakes as reference_mistakes, module as reference_module, stored

ref_forward = reference_module("lesson02_forward")
ref_loss = reference_module("lesson03_loss")
reference = reference_module("lesson04_backward")
mistakes = reference_mistakes()
LESSON = find_lesson("4")
GRAD_KEYS = ("dW1", "db1", "dW2", "db2")


DEFAULT_STEP = 1e-5  # numerical_gradient's h when none is given (its contract)
CHANGED_X = ("x is not the same when numerical_gradient returns: x[i] += h and then x[i] -= h need not give "
             "the same float back (rounding), and a change made without a copy stays in the caller's array")
ONE_SIDED = ("a one-sided difference, {formula}: its error is about h f''/2, a central difference's about "
             "h^2 f'''/6")


def _one_sided(f, x, h, direction):
    """(f(x + h e_i) - f(x)) / h for direction +1, (f(x) - f(x - h e_i)) / h for -1, every entry i."""
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        moved = x.copy()
        moved[index] += direction * h
        grad[index] = direction * (f.value(moved) - f.value(x)) / h
    return grad


def _wrong_numerical_gradients(f, x, h, h_given):
    """What common mistakes return instead of the central differences of `f` at `x` with step `h`."""
    central = f.slopes(x, h)
    wrong = {
        ONE_SIDED.format(formula="(f(x + h e_i) - f(x)) / h"): _one_sided(f, x, h, +1),
        ONE_SIDED.format(formula="(f(x) - f(x - h e_i)) / h"): _one_sided(f, x, h, -1),
        "twice the central difference: x - h e_i and x + h e_i are 2h apart, not h": 2 * central,
        "half the central difference: x - h e_i and x + h e_i are 2h apart, not 4h": central / 2,
        "every entry of x was moved at once: e_i has a 1 at entry i only":
            np.full(x.shape, (f.value(x + h) - f.value(x - h)) / (2 * h)),
    }
    if h_given:
        wrong["the step is 1e-5, not the h passed in: the third argument is the step"] = f.slopes(x, DEFAULT_STEP)
    return wrong


def _check_numerical_gradient(learner, problem: FunctionAtPoint, h=None):
    """The learner's numerical_gradient(f, x[, h]) against the central differences of f, known in closed form."""
    f, x = problem.f, problem.x
    step = DEFAULT_STEP if h is None else h
    inputs = {"f": PassedFunction(f.source(), x.shape), "x": x}
    if h is not None:
        inputs["h"] = h  # by position: the learner may call it what they like
    got, the_call = call(learner, "numerical_gradient", in_place_mistake=CHANGED_X, **inputs)
    tolerance = f.tolerance(x, step)
    expected = f.slopes(x, step)
    try:
        expect_array("numerical_gradient(f, x)", got, expected, call=the_call, rtol=tolerance, atol=tolerance)
    except CheckFailure:  # only a failure pays for naming its mistake (f evaluated twice per entry, here)
        expect_array("numerical_gradient(f, x)", got, expected, call=the_call, rtol=tolerance, atol=tolerance,
                     mistakes=_wrong_numerical_gradients(f, x, step, h is not None))
        raise


ZERO_D = FunctionAtPoint(SmoothFunction((("sin", 1.5, 2.0),), -0.5, np.array(0.7)), np.array(0.3))


@pytest.mark.reference
@pytest.mark.grades("numerical_gradient")
@example(ZERO_D)  # a 0-d x on every run, whatever hypothesis draws
@given(functions_at_points())
def test_numerical_gradient_matches_known_gradients(learner, problem):
    """Smooth functions whose gradient is known, x of any shape (0-d included), the default h."""
    _check_numerical_gradient(learner, problem)


@pytest.mark.reference
@pytest.mark.grades("numerical_gradient")
@given(functions_at_points(), floats(1e-3, 0.5))
def test_numerical_gradient_uses_h(learner, problem, h):
    """A large h given: the central difference at that h, visibly not the gradient."""
    _check_numerical_gradient(learner, problem, h)


def _check_backward(learner, X, Y, params):
    _, cache = ref_forward.forward(X, params)
    grads, the_call = call(learner, "backward", X=X, Y=Y, params=params, cache=cache)
    expect_params_dict("backward(...)", grads, GRAD_KEYS, call=the_call)
    expected = reference.backward(X, Y, params, cache)
    found = mistakes.backward_mistakes(X, Y, params, cache)
    for key in GRAD_KEYS:
        expect_array(key, grads[key], expected[key], call=the_call, m=X.shape[1], mistakes=for_output(found, key))
    return grads, the_call


@pytest.mark.reference
@pytest.mark.grades("backward")
@given(networks())
@example(net=TELLING_NETWORK)
def test_backward_matches_reference(learner, net):
    _check_backward(learner, net.X, net.Y, net.params)


@pytest.mark.reference
@pytest.mark.grades("backward")
def test_backward_for_one_example(learner):
    """m = 1: the seed's Algorithm 1, one example at a time."""
    net = random_network(seed=1, n_x=4, n_h=3, m=1)
    _check_backward(learner, net.X, net.Y, net.params)


@pytest.mark.reference
@pytest.mark.grades("backward")
def test_backward_when_the_output_saturates(learner):
    """|Z2| from 17 to 36, each label, one example at a time: the gradients must match there too, where a
    saturated output tempts a clip or a division by its slope (checks/saturation.py)."""
    net = random_network(seed=9, n_x=4, n_h=3, m=1)
    free = ref_forward.forward(net.X, net.params)[1]["Z2"]
    for target in saturation.TARGETS:
        params = saturation.saturated(net.params, free, target)
        _, cache = ref_forward.forward(net.X, params)
        for label in (0.0, 1.0):
            Y = np.array([[label]])
            grads, the_call = call(learner, "backward", X=net.X, Y=Y, params=params, cache=cache)
            expect_params_dict("backward(...)", grads, GRAD_KEYS, call=the_call)
            saturation.expect_grads(grads, reference.backward(net.X, Y, params, cache), GRAD_KEYS, cache["Z2"],
                                    cache["A2"], Y, the_call)


@stored
def _numerical_gradients(X, Y, params):
    """Central differences of the reference loss, for each parameter."""
    return numerical_gradients(lambda changed: ref_loss.bce_loss(ref_forward.forward(X, changed)[0], Y), params)


def _gradient_check(learner, X, Y, params, pixels=False):
    """Analytic gradients (the learner's) against central differences of the reference loss."""
    _, cache = ref_forward.forward(X, params)
    grads, the_call = call(learner, "backward", X=X, Y=Y, params=params, cache=cache)
    expect_params_dict("backward(...)", grads, GRAD_KEYS, call=the_call)
    errors, worst = {}, {}
    numericals = _numerical_gradients(X, Y, params)
    for name in ("W1", "b1", "W2", "b2"):
        numerical = numericals[name]
        analytic = np.asarray(grads["d" + name], dtype=np.float64)
        if analytic.shape != numerical.shape:
            raise CheckFailure(f"d{name} has shape {analytic.shape}, should be {numerical.shape} like {name}",
                               call=the_call)
        errors[name] = relative_error(analytic, numerical)
        gap = np.abs(analytic - numerical)
        worst[name] = [(tuple(int(i) for i in np.unravel_index(k, gap.shape)), numerical.flat[k], analytic.flat[k])
                       for k in np.argsort(gap, axis=None)[::-1][:3]]
    bad = [name for name, error in errors.items() if error > THRESHOLD]
    found = mistakes.backward_mistakes(X, Y, params, cache)  # always: a release stores them for these inputs
    if bad:
        lines = [f"relative error ||analytic - numerical|| / (||analytic|| + ||numerical||), "
                 f"threshold {THRESHOLD:g}:"]
        lines += [f"  d{name}: {errors[name]:.1e}{'   <- wrong' if name in bad else ''}" for name in errors]
        everywhere = set(bad) >= {"W2", "b2"}  # the output layer's gradients are off too: dZ2 is
        name = "W2" if everywhere else bad[0]
        if everywhere:
            lines.append("every gradient from the output back is off: the mistake is where they all start, "
                         "at the output (dZ2), not in the layer with the largest numbers")
        explains = {key: values for key, values in found.items()  # the mistakes that give every wrong gradient
                    if all(grad in values and matches(grads[grad], values[grad]) for grad in ("d" + n for n in bad))}
        mistake = name_mistake(grads["d" + name], numericals[name], for_output(explains or found, "d" + name),
                               m=X.shape[1], what="d" + name)
        lines.append(f"worst entries of d{name} (numerical vs yours):")
        for index, numerical_value, analytic_value in worst[name]:
            where = f"{list(index)}"
            if pixels and name == "W1":
                row, col = divmod(index[1], 28)
                where += f" = hidden unit {index[0]}, pixel (row {row}, column {col}) of the 28x28 image"
            lines.append(f"  {where}: {numerical_value:.6g} vs {analytic_value:.6g}")
        raise CheckFailure(f"backward fails the numerical gradient check for {', '.join('d' + n for n in bad)}",
                           call=the_call, details=lines, mistake=mistake)


@pytest.mark.reference
@pytest.mark.grades("backward")
def test_backward_gradient_check(learner):
    """Several random points and shapes, m = 1 and m > 1."""
    for seed, (n_x, n_h, m) in enumerate(((3, 2, 1), (4, 3, 5), (2, 5, 8), (6, 4, 3))):
        net = random_network(seed, n_x, n_h, m, weight=1.5)
        _gradient_check(learner, net.X, net.Y, net.params)


@pytest.mark.reference
@pytest.mark.grades("backward")
def test_backward_gradient_check_on_digits(learner):
    """Four real digits through a 784-3-1 network: W1's worst entries are shown as pixels."""
    data = load_digits()
    keep = np.concatenate([exam.pick(np.flatnonzero(data.labels == digit), 2, digit) for digit in (4, 5)])
    X, Y = digits_as_inputs(keep)
    params = ref_forward.init_params(784, 3, 1, seed=exam.seed(7))
    params["b1"] = exam.rng(7).uniform(-0.5, 0.5, (3, 1))
    _gradient_check(learner, X, Y, params, pixels=True)


@pytest.mark.grades("backward")
def test_backward_costs_a_few_forward_passes(learner):
    """784-32-1 and a batch of 64, timed on the grader's clock against the forward pass (checks/cost.py):
    backpropagation, not finite differences."""
    cost.expect_backpropagation_cost(*cost.backprop_timers(learner))
