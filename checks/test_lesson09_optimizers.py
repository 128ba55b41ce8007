"""Lesson 9: init_state and step (SGD, momentum, RMSProp, Adam), graded with the reference lessons 1-8.

step is checked over several consecutive steps with the state carried from one to the next:
the learner's own returned state goes into their next call, and the reference carries its own.
"""

import numpy as np
import pytest
from hypothesis import Phase, settings
from hypothesis import strategies as st

from . import exam
from .compare import call, expect_array, expect_params_dict
from .course import find_lesson
from .failure import CheckFailure, describe_type
from .mistakes import describe, for_output
from .strategies import arrays, deep_parameters, floats, random_deep_network
from .reference import given, mistakes as reference_mistakes, module as reference_module

reference = reference_module("lesson09_optimizers")
mistakes = reference_mistakes()
LESSON = find_lesson("9")
METHODS = ("sgd", "momentum", "rmsprop", "adam")
STEPS = 3  # consecutive steps per example: the state must carry
# The multi-step checks are not shrunk (each example is several calls, and shrinking dozens of floats
# would outlast the time limit); test_step_on_a_known_sequence, before them, fails first on every
# named mistake with a small input.
NO_SHRINK = settings(phases=(Phase.explicit, Phase.generate), max_examples=25)
FEWER = settings(max_examples=15)  # property checks: the reference comparisons above carry the coverage


def _grads_like(draw, params, scale):
    return {"d" + name: draw(arrays(value.shape, -scale, scale)) for name, value in params.items()}


@st.composite
def runs(draw, method=None):
    """(params, [grads] * STEPS, hyper-parameters): 1-3 layers, gradients of one scale per run."""
    params = draw(deep_parameters(max_layers=2))
    scale = draw(st.sampled_from([1e-3, 0.1, 1.0, 5.0]))
    grads = [_grads_like(draw, params, scale) for _ in range(STEPS)]
    hyper = {"method": draw(st.sampled_from(METHODS)) if method is None else method,
             "lr": draw(floats(1e-4, 0.5)), "beta1": draw(floats(0.0, 0.99)),
             "beta2": draw(floats(0.5, 0.9999)), "eps": draw(st.sampled_from([1e-8, 1e-6, 1e-4, 1e-2]))}
    return params, grads, hyper


def _expect_state(what, state, params, the_call):
    """A dict {"t": int, "v": {name: array}, "s": {name: array}} with every parameter's name."""
    if not isinstance(state, dict) or set(state) < {"t", "v", "s"}:
        raise CheckFailure(f"{what} should be a dict with the keys 't', 'v' and 's', got "
                           f"{sorted(state) if isinstance(state, dict) else describe_type(state)}", call=the_call)
    t = state["t"]
    if isinstance(t, (bool, np.bool_)) or not isinstance(t, (int, np.integer)):
        raise CheckFailure(f"{what}['t'] should be a whole number (the steps taken), got {describe_type(t)}",
                           call=the_call)
    for key in ("v", "s"):
        if not isinstance(state[key], dict) or set(state[key]) != set(params):
            raise CheckFailure(f"{what}['{key}'] should be a dict with one entry per parameter, {sorted(params)}",
                               call=the_call, mistake="key v and s by the parameter's own name (W1, not dW1)"
                               if isinstance(state[key], dict) and set(state[key]) == {"d" + n for n in params}
                               else None)


def _step(learner, params, grads, state, hyper):
    """One learner step from `state`, compared with the reference step from the same state."""
    try:
        result, the_call = call(learner, "step", params=params, grads=grads, state=state, keywords=hyper)
    except CheckFailure as failure:
        if hyper["method"] == "adam" and state.get("t") == 0 and any(
                word in failure.summary for word in ("division by zero", "divide", "invalid")):
            raise CheckFailure(failure.summary, call=failure.call, details=failure.details,
                               mistake=describe("step.adam_t_after_use")) from None  # 1 - beta1^0 = 0
        raise
    if not (isinstance(result, tuple) and len(result) == 2):
        raise CheckFailure("step should return a pair (new_params, new_state)", call=the_call)
    new, new_state = result
    expected, expected_state = reference.step(params, grads, state, **hyper)
    _expect_state("step's new_state", new_state, params, the_call)
    if new_state["t"] != expected_state["t"]:
        raise CheckFailure(f"new_state['t'] is {new_state['t']} after a step from t = {state['t']}; it should be "
                           f"{expected_state['t']}", call=the_call,
                           mistake="t counts the steps: increase it by one at every step, whatever the method"
                           if new_state["t"] == state["t"] else None)
    found = mistakes.state_mistakes(params, grads, state, **hyper)
    for key in ("v", "s"):
        for name in params:
            named = {mistake: values[key][name] for mistake, values in found.items() if key in values}
            expect_array(f"new_state['{key}']['{name}']", new_state[key][name], expected_state[key][name],
                         call=the_call, mistakes=named, key=key, method=hyper["method"])
    expect_params_dict("step's new_params", new, tuple(params), call=the_call)
    wrong = mistakes.step_mistakes(params, grads, state, **hyper)
    for name in params:
        expect_array(name, new[name], expected[name], call=the_call, mistakes=for_output(wrong, name),
                     method=hyper["method"])
    return new, new_state, the_call


def _run(learner, params, grads_list, hyper):
    """STEPS steps carrying the learner's own state (and params) from one to the next."""
    state, _ = call(learner, "init_state", params=params)
    _expect_state("init_state(params)", state, params, None)
    for grads in grads_list:
        # The learner's own params and state go into the next step; the reference steps from the
        # same ones, so a mistake in the state shows at the step where it first matters.
        params_next, state, the_call = _step(learner, params, grads, state, hyper)
        params = {name: np.asarray(value) for name, value in params_next.items() if name in params}
    return params, state


@pytest.mark.reference
@pytest.mark.grades("init_state")
def test_init_state_matches_reference(learner):
    """Networks of 1 to 4 layers: t = 0, and zeros like every parameter in v and s."""
    for seed, sizes in enumerate(((3, 1), (4, 3, 1), (2, 5, 3, 1), (784, 64, 32, 1), (3, 2, 2, 2, 1))):
        params = random_deep_network(seed, sizes, 1).params
        state, the_call = call(learner, "init_state", params=params)
        _expect_state("init_state(params)", state, params, the_call)
        expected = reference.init_state(params)
        if state["t"] != 0:
            raise CheckFailure(f"init_state(params)['t'] should be 0 (no step taken yet), got {state['t']}",
                               call=the_call)
        for key in ("v", "s"):
            for name in params:
                expect_array(f"init_state(params)['{key}']['{name}']", state[key][name], expected[key][name],
                             call=the_call, mistakes={"this is a copy of the parameter: start from zeros like it":
                                                      params[name]})


@pytest.mark.reference
@pytest.mark.grades("step", "init_state")
def test_step_on_a_known_sequence(learner):
    """Four steps of each method on a 2-layer network, hyper-parameters chosen so that every named
    mistake changes the result (beta1 != beta2, eps large enough to matter)."""
    for number, method in enumerate(METHODS):
        rng = exam.rng(number)
        params = {"W1": rng.normal(0, 1, (3, 4)), "b1": rng.normal(0, 1, (3, 1)),
                  "W2": rng.normal(0, 1, (1, 3)), "b2": rng.normal(0, 1, (1, 1))}
        grads_list = [{"d" + name: rng.normal(0, 0.05, value.shape) for name, value in params.items()}
                      for _ in range(4)]
        _run(learner, params, grads_list, {"method": method, "lr": 0.01, "beta1": 0.8, "beta2": 0.95, "eps": 1e-3})


@pytest.mark.reference
@pytest.mark.grades("step", "init_state")
@NO_SHRINK
@given(runs())
def test_step_matches_reference_over_several_steps(learner, run):
    params, grads_list, hyper = run
    _run(learner, params, grads_list, hyper)


@pytest.mark.grades("step")
@FEWER
@given(deep_parameters(max_layers=2), st.sampled_from([1e-4, 1e-2, 1.0, 1e2, 1e4]), floats(1e-4, 0.1))
def test_adam_first_step_is_about_lr(learner, params, scale, lr):
    """Adam's first step moves each coordinate with a gradient well above eps by lr, against the gradient,
    whatever the gradient's scale: the bias-corrected v_hat / sqrt(s_hat) is sign(dP)."""
    rng = exam.rng(int(scale * 1000) % 7919)
    grads = {"d" + name: rng.choice([-1.0, 1.0], value.shape) * scale * rng.uniform(0.5, 2.0, value.shape)
             for name, value in params.items()}
    state, _ = call(learner, "init_state", params=params)
    result, the_call = call(learner, "step", params=params, grads=grads, state=state, keywords={"lr": lr})
    if not (isinstance(result, tuple) and len(result) == 2) or not isinstance(result[0], dict):
        raise CheckFailure("step should return a pair (new_params, new_state)", call=the_call)
    new = result[0]
    for name, P in params.items():  # each parameter on its own
        moved = np.asarray(new.get(name, P), dtype=np.float64) - P
        expected = -lr * np.sign(grads["d" + name])
        if moved.shape != P.shape or not np.allclose(moved, expected, rtol=1e-3, atol=1e-12 + 1e-9 * np.abs(P).max()):
            raise CheckFailure(f"Adam's first step (default method) should move every entry of {name} by lr = {lr:g} "
                               f"against its gradient, whatever the gradient's size ({scale:g} here)",
                               call=the_call, expected=expected, got=moved,
                               mistake="without the bias correction the first step is about "
                                       "lr (1 - beta1) / sqrt(1 - beta2), not lr"
                               if np.allclose(moved, expected * 0.1 / np.sqrt(0.001), rtol=1e-2) else None)


@pytest.mark.grades("step")
@settings(phases=(Phase.explicit, Phase.generate), max_examples=15)
@given(runs(method="momentum"))
def test_momentum_with_beta1_0_is_sgd(learner, run):
    """beta1 = 0: v is the gradient itself, and every momentum step is an SGD step."""
    params, grads_list, hyper = run
    hyper = {**hyper, "beta1": 0.0}
    state, _ = call(learner, "init_state", params=params)
    for grads in grads_list:
        momentum, the_call = call(learner, "step", params=params, grads=grads, state=state, keywords=hyper)
        sgd, _ = call(learner, "step", params=params, grads=grads, state=state, keywords={**hyper, "method": "sgd"})
        for result in (momentum, sgd):
            if not (isinstance(result, tuple) and len(result) == 2):
                raise CheckFailure("step should return a pair (new_params, new_state)", call=the_call)
        for name in params:
            if not np.allclose(momentum[0][name], sgd[0][name], rtol=1e-12, atol=1e-15):
                raise CheckFailure(f"with beta1 = 0, momentum's step of {name} differs from SGD's",
                                   call=the_call, expected=sgd[0][name], got=momentum[0][name])
        state = momentum[1]


@pytest.mark.grades("step")
def test_step_keeps_what_a_method_does_not_use(learner):
    """t counts every step; SGD leaves v and s as they were, momentum s, RMSProp v."""
    rng = exam.rng(9)
    params = {"W1": rng.normal(0, 1, (2, 3)), "b1": np.zeros((2, 1))}
    grads = {"dW1": rng.normal(0, 1, (2, 3)), "db1": rng.normal(0, 1, (2, 1))}
    state = {"t": 4, "v": {name: rng.normal(0, 0.1, P.shape) for name, P in params.items()},
             "s": {name: rng.uniform(0.01, 0.1, P.shape) for name, P in params.items()}}
    for method, kept in (("sgd", ("v", "s")), ("momentum", ("s",)), ("rmsprop", ("v",))):
        (_, new_state), the_call = call(learner, "step", params=params, grads=grads, state=state,
                                        keywords={"method": method})
        _expect_state("step's new_state", new_state, params, the_call)
        if new_state["t"] != 5:
            raise CheckFailure(f"new_state['t'] should be 5 after a step from t = 4 (method={method!r}), got "
                               f"{new_state['t']}", call=the_call,
                               mistake="t counts the steps: increase it by one at every step, whatever the method")
        for key in kept:
            for name in params:
                if not np.array_equal(new_state[key][name], state[key][name]):
                    raise CheckFailure(f"method={method!r} changed new_state['{key}']['{name}']; it does not use "
                                       f"{key}, so it should leave it as it was", call=the_call)


@pytest.mark.grades("step")
def test_step_rejects_an_unknown_method(learner):
    params = {"W1": np.ones((1, 2)), "b1": np.zeros((1, 1))}
    grads = {"dW1": np.ones((1, 2)), "db1": np.ones((1, 1))}
    state = reference.init_state(params)
    for method in ("nesterov", "Adam", ""):
        try:
            result, the_call = call(learner, "step", params=params, grads=grads, state=state,
                                    keywords={"method": method})
        except CheckFailure as failure:
            text = failure.summary
            if "ValueError" in text and all(name in text for name in METHODS):
                continue
            raise CheckFailure(f"step(..., method={method!r}) should raise a ValueError whose message names "
                               f"the four methods ({', '.join(METHODS)})", call=failure.call,
                               details=[f"it {text.split(': ', 1)[-1] if ': ' in text else text}"]) from None
        raise CheckFailure(f"step(..., method={method!r}) returned instead of raising ValueError: an unknown "
                           "method must not silently do something", call=the_call,
                           mistake="end the chain of if/elif with else: raise ValueError(...)")
