"""Lesson 8: relu, relu_prime, init_deep, forward_deep and backward_deep (graded with the reference lessons 1-7).

Networks of 1 to 4 layers are drawn by hypothesis; backward_deep is also checked against
numerical gradients of the reference loss, on random networks and on real digits.
"""

import re

import numpy as np
import pytest
from hypothesis import example, settings

from digits import load_digits

from . import cost, exam, global_random, saturation
from .compare import array_result, call, expect_array, expect_params_dict
from .course import find_lesson
from .failure import CheckFailure
from .gradcheck import THRESHOLD, numerical_gradients, relative_error
from .mistakes import describe, for_output, name_mistake
from .strategies import (TELLING_DEEP_NETWORK, any_shape, arrays, deep_networks, deep_params_shapes,
                         digits_as_inputs, random_deep_network)
from .reference import given, mistakes as reference_mistakes, module as reference_module, stored

ref_sigmoid = reference_module("lesson01_sigmoid")
ref_loss = reference_module("lesson03_loss")
ref_backward = reference_module("lesson04_backward")
reference = reference_module("lesson08_deep")
mistakes = reference_mistakes()
LESSON = find_lesson("8")
FEWER = settings(max_examples=15)  # property checks: the reference comparisons carry the coverage
DEPTH_2 = describe("deep.depth_2")


def _depth(params):
    """L, the number of layers: one weight matrix each."""
    return sum(name.startswith("W") for name in params)


# --- relu and relu_prime -------------------------------------------------------------------

@pytest.mark.reference
@pytest.mark.grades("relu")
@given(arrays(any_shape(), -1000, 1000))
@example(np.array(0.0))
def test_relu_matches_reference(learner, z):
    got, the_call = call(learner, "relu", z=z)
    expect_array("relu(z)", got, reference.relu(z), call=the_call, mistakes=mistakes.relu_mistakes(z))


@pytest.mark.grades("relu")
@FEWER
@given(arrays((9,), -50, 50))
def test_relu_properties(learner, z):
    """Never negative, equal to z where z > 0, and idempotent: relu(relu(z)) = relu(z)."""
    once, the_call = call(learner, "relu", z=z)
    once = array_result("relu(z)", once, z.shape, call=the_call)
    if np.any(once < 0):
        raise CheckFailure("relu(z) is negative somewhere: ReLU is never negative", call=the_call,
                           expected=reference.relu(z), got=once)
    if not np.array_equal(once[z > 0], z[z > 0]):
        raise CheckFailure("relu(z) should be z itself wherever z > 0", call=the_call,
                           expected=reference.relu(z), got=once)
    twice, twice_call = call(learner, "relu", z=once)
    twice = array_result("relu(relu(z))", twice, z.shape, call=twice_call)
    if not np.array_equal(twice, once):
        raise CheckFailure("relu(relu(z)) differs from relu(z): applying ReLU twice must change nothing",
                           call=twice_call, expected=once, got=twice)


@pytest.mark.reference
@pytest.mark.grades("relu")
def test_relu_accepts_numbers_and_0d(learner):
    a, b, c = exam.rng(3).uniform(-5.0, 5.0, 3)  # and the exam's own
    for z in (2.5, np.float64(-3.0), np.array(0.75), np.array(-1e300), float(a), np.float64(b), np.array(c)):
        got, the_call = call(learner, "relu", z=z)
        expect_array("relu(z)", np.asarray(got) if np.isscalar(got) else got, reference.relu(z), call=the_call)


def _expect_relu_prime(got, z, the_call):
    """relu_prime against the reference; at exactly z = 0 any value in [0, 1] is accepted."""
    expected = reference.relu_prime(z)
    got = array_result("relu_prime(z)", got, np.shape(z), call=the_call) if not isinstance(got, np.ndarray) \
        else got
    if isinstance(got, np.ndarray) and got.shape == expected.shape and got.dtype == np.float64:
        at_zero = (np.asarray(z) == 0) & (got >= 0) & (got <= 1)
        expected = np.where(at_zero, got, expected)
    expect_array("relu_prime(z)", got, expected, call=the_call, mistakes=mistakes.relu_prime_mistakes(z))


@pytest.mark.reference
@pytest.mark.grades("relu_prime")
@given(arrays(any_shape(), -1000, 1000))
@example(np.array(0.0))
def test_relu_prime_matches_reference(learner, z):
    got, the_call = call(learner, "relu_prime", z=z)
    _expect_relu_prime(got, z, the_call)


@pytest.mark.reference
@pytest.mark.grades("relu_prime")
def test_relu_prime_is_a_step(learner):
    """1.0 for every positive z, however small; 0.0 for every negative z; [0, 1] at 0."""
    z = np.concatenate([[-1e300, -5.0, -1e-300, 0.0, 1e-300, 0.5, 1e300], exam.rng(4).uniform(-5.0, 5.0, 4)])
    got, the_call = call(learner, "relu_prime", z=z)
    _expect_relu_prime(got, z, the_call)
    for z in (3.0, np.float64(-2.0), np.array(0.0)):
        got, the_call = call(learner, "relu_prime", z=z)
        _expect_relu_prime(np.asarray(got) if np.isscalar(got) else got, z, the_call)


# --- init_deep -----------------------------------------------------------------------------

def _expect_deep_params(what, params, layer_sizes, the_call, *, zero_biases=False):
    """params has exactly W1, b1, ..., WL, bL of the right shapes, float64."""
    shapes = deep_params_shapes(layer_sizes)
    expect_params_dict(what, params, (), call=the_call)
    missing = [name for name in shapes if name not in params]
    if missing:
        only_two = set(params) == {"W1", "b1", "W2", "b2"} and len(layer_sizes) != 3
        raise CheckFailure(f"{what} should have the keys {list(shapes)} for layer_sizes={list(layer_sizes)}; "
                           f"missing {missing}", call=the_call, mistake=DEPTH_2 if only_two else None)
    for name, shape in shapes.items():
        value = params[name]
        if not isinstance(value, np.ndarray) or value.shape != shape or value.dtype != np.float64:
            got = f"{value.dtype} shape {value.shape}" if isinstance(value, np.ndarray) else type(value).__name__
            raise CheckFailure(f"{what}: {name} should be a float64 array of shape {shape}, got {got}",
                               call=the_call, mistake="Wl is (n_l, n_(l-1)): one row per unit of layer l"
                               if name.startswith("W") and getattr(value, "shape", None) == shape[::-1] else None)
        if zero_biases and name.startswith("b") and np.any(value != 0):
            raise CheckFailure(f"{what}: {name} should be all zeros", call=the_call)


def _init(learner, layer_sizes, seed=0):
    try:
        params, the_call = call(learner, "init_deep", layer_sizes=list(layer_sizes), seed=exam.seed(seed))
    except CheckFailure as failure:
        if "IndexError" in failure.summary and len(layer_sizes) < 3:
            raise CheckFailure(failure.summary, call=failure.call, details=failure.details,
                               mistake=f"layer_sizes={list(layer_sizes)} has {len(layer_sizes) - 1} layer(s): "
                                       f"{DEPTH_2}") from None
        raise
    _expect_deep_params("init_deep(...)", params, layer_sizes, the_call, zero_biases=True)
    for name, value in params.items():
        if name.startswith("W") and value.size > 1 and np.all(value == value.flat[0]):
            raise CheckFailure(f"init_deep: every entry of {name} is equal ({float(value.flat[0])})",
                               call=the_call, mistake="equal weights make every unit of a layer learn the same "
                                                      "thing forever: draw random weights")
    return params, the_call


@pytest.mark.grades("init_deep")
def test_init_deep_shapes_dtype_and_zero_biases(learner):
    for sizes in ((784, 64, 32, 1), (3, 1), (5, 4, 1), (2, 3, 4, 5, 1), (6, 2, 2, 2, 2, 1)):
        _init(learner, sizes)


@pytest.mark.grades("init_deep")
def test_init_deep_is_seeded(learner):
    """The same seed, the same parameters; another seed, others; NumPy's global random state left alone
    ("seeded as in lesson 2")."""
    sizes = (20, 6, 4, 1)
    (first, the_call), untouched = global_random.leaves_global_random_alone(learner, lambda: _init(learner, sizes,
                                                                                                    seed=0))
    again, _ = _init(learner, sizes, seed=0)
    other, _ = _init(learner, sizes, seed=1)
    for name in first:
        if not np.array_equal(first[name], again[name]):
            raise CheckFailure(f"init_deep gave a different {name} for the same seed", call=the_call,
                               mistake="draw from a generator made from the seed, np.random.default_rng(seed), "
                                       "not from unseeded np.random")
    if np.array_equal(first["W1"], other["W1"]):
        raise CheckFailure("init_deep gave the same W1 for seeds 0 and 1: the seed is ignored", call=the_call,
                           mistake="pass the seed to np.random.default_rng(seed)")
    global_random.expect_untouched(untouched, "init_deep", the_call)


def _scale_mistake(std, candidates):
    """The named mistakes whose scale matches the measured standard deviation, or None."""
    named = [text for text, value in candidates.items() if abs(std / value - 1) < 0.12]
    return "; or ".join(named) or None


@pytest.mark.reference
@pytest.mark.grades("init_deep")
def test_init_deep_scale(learner):
    """Each ReLU layer's weights have He's standard deviation, the sigmoid output layer lesson 2's.

    Measured over a whole matrix (at least 400 weights): within 5% of the target, or five standard
    errors of the estimate (sqrt(1 / (2 n)) of it) when that is more; mean near 0.
    """
    for sizes in ((200, 600, 400, 1), (784, 64, 1), (700, 1)):
        params, the_call = _init(learner, sizes, seed=3)
        L = len(sizes) - 1
        for l in range(1, L + 1):  # layer by layer
            W = params[f"W{l}"]
            fan_in, fan_out = sizes[l - 1], sizes[l]
            scales = mistakes.init_deep_scales(fan_in, fan_out, l < L)  # the reference's side: no formula here
            target = scales["target"]
            std, mean = float(np.std(W)), float(np.mean(W))
            kind = "ReLU layer" if l < L else "sigmoid output layer"
            tolerance = max(0.05, 5 / np.sqrt(2 * W.size))
            if abs(std / target - 1) > tolerance or abs(mean) > 5 * target / np.sqrt(W.size):
                raise CheckFailure(
                    f"init_deep: W{l} (a {kind}, fan_in = {fan_in}) has standard deviation {std:.4g} and mean "
                    f"{mean:.3g}; it should have mean 0 and standard deviation {target:.4g} (within "
                    f"{tolerance:.0%})",
                    call=the_call, mistake=_scale_mistake(std, scales["mistakes"]))


# --- forward_deep --------------------------------------------------------------------------

def _call_deep(learner, function, layers, **inputs):
    """call(), with a KeyError for a layer the network does not have named as a fixed depth."""
    try:
        return call(learner, function, **inputs)
    except CheckFailure as failure:
        missing = re.search(r"KeyError: \"?'(?:d|Z|A)?([Wb]?)(\d+)'", failure.summary)  # the message may quote it
        if missing and int(missing.group(2)) > layers:
            raise CheckFailure(failure.summary, call=failure.call, details=failure.details,
                               mistake=f"this network has {layers} layer(s): {DEPTH_2}") from None
        raise


def _cache_keys(L):
    return ["A0"] + [f"{kind}{l}" for l in range(1, L + 1) for kind in ("Z", "A")]


def _check_forward(learner, X, params):
    L = _depth(params)
    result, the_call = _call_deep(learner, "forward_deep", L, X=X, params=params)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise CheckFailure("forward_deep should return a pair (AL, cache)", call=the_call)
    AL, cache = result
    expected_AL, expected = reference.forward_deep(X, params)
    expect_array("AL", AL, expected_AL, call=the_call, mistakes=mistakes.forward_deep_mistakes(X, params, expected))
    keys = _cache_keys(L)
    expect_params_dict("cache", cache, (), call=the_call)
    missing = [key for key in keys if key not in cache]
    if missing:
        shifted = "A0" in missing and "A1" in cache and f"Z{L}" in cache
        raise CheckFailure(f"cache should have the keys {keys} for {L} layer(s); missing {missing}",
                           call=the_call,
                           mistake="the cache is off by one layer: A0 is X, then Zl and Al for l = 1..L" if shifted
                           else DEPTH_2 if set(missing) >= {f"Z{L}"} and L > 2 and "Z2" in cache else None)
    for key in keys:
        off_by_one = {}
        number = int(key[1:])
        for other in (number - 1, number + 1):
            if f"{key[0]}{other}" in expected and (key[0] == "A" or other >= 1):
                off_by_one[f"cache['{key}'] holds layer {other}'s value: the cache is off by one layer "
                           f"(A0 is X; Zl and Al belong to layer l)"] = expected[f"{key[0]}{other}"]
        if key[0] == "A" and number < L:
            off_by_one["the hidden activation is Z itself: apply relu"] = expected[f"Z{number}"] if number else None
            off_by_one["the hidden layers use the sigmoid: lesson 8's hidden layers use ReLU"] = \
                ref_sigmoid.sigmoid(expected[f"Z{number}"]) if number else None
        expect_array(f"cache['{key}']", cache[key], expected[key], call=the_call,
                     mistakes={text: value for text, value in off_by_one.items() if value is not None})
    return AL, cache, the_call


@pytest.mark.reference
@pytest.mark.grades("forward_deep")
@given(deep_networks())
@example(net=TELLING_DEEP_NETWORK)
def test_forward_deep_matches_reference(learner, net):
    _check_forward(learner, net.X, net.params)


@pytest.mark.reference
@pytest.mark.grades("forward_deep")
def test_forward_deep_on_digits(learner):
    """Real digits through the deeper network of lesson 10, 784-64-32-1, He-initialised."""
    X, _ = digits_as_inputs(exam.pick(np.arange(len(load_digits().images)), 6, 6))
    params = reference.init_deep([784, 64, 32, 1], seed=exam.seed(5))
    params = {name: value + (0.1 if name.startswith("b") else 0.0) for name, value in params.items()}
    _check_forward(learner, X, params)


@pytest.mark.grades("forward_deep")
@FEWER
@given(deep_networks(min_layers=1, max_layers=1))
def test_forward_deep_with_one_layer_is_logistic_regression(learner, net):
    """L = 1: no hidden layer, AL = sigma(W1 X + b1), and the cache is A0, Z1, A1."""
    AL, the_call = call(learner, "forward_deep", X=net.X, params=net.params)
    if not (isinstance(AL, tuple) and len(AL) == 2):
        raise CheckFailure("forward_deep should return a pair (AL, cache)", call=the_call)
    AL, cache = AL
    expect_array("AL", AL, reference.forward_deep(net.X, net.params)[0], call=the_call,
                 mistakes=mistakes.logistic_regression_mistakes(net.X, net.params))
    expect_params_dict("cache", cache, ("A0", "Z1", "A1"), call=the_call)


@pytest.mark.reference
@pytest.mark.grades("forward_deep")
@FEWER
@given(deep_networks(min_layers=2))
def test_forward_deep_columns_are_independent(learner, net):
    """Each example's output depends on its own column only."""
    AL, _, the_call = _check_forward(learner, net.X, net.params)
    for j in range(net.m):
        alone, _ = call(learner, "forward_deep", X=net.X[:, j:j + 1], params=net.params)
        if not np.allclose(alone[0], AL[:, j:j + 1], rtol=1e-9, atol=1e-12):
            raise CheckFailure(f"forward_deep of column {j} alone differs from column {j} of the batch",
                               call=the_call)


# --- backward_deep -------------------------------------------------------------------------

def _expect_grads(grads, params, the_call):
    L = _depth(params)
    keys = [f"d{name}" for name in deep_params_shapes([0] * (L + 1))]
    expect_params_dict("backward_deep(...)", grads, (), call=the_call)
    missing = [key for key in keys if key not in grads]
    if missing:
        only_two = set(grads) >= {"dW1", "db1", "dW2", "db2"} and L > 2 and f"dW{L}" not in grads
        raise CheckFailure(f"backward_deep(...) should have the keys {keys} for {L} layer(s); missing {missing}",
                           call=the_call, mistake=DEPTH_2 if only_two else
                           "name each gradient 'd' + its parameter's name: dW1, db1, ..." if any(
                               key[1:] in grads for key in missing) else None)
    return keys


def _check_backward(learner, X, Y, params):
    _, cache = reference.forward_deep(X, params)
    grads, the_call = _call_deep(learner, "backward_deep", len(params) // 2, Y=Y, params=params, cache=cache)
    keys = _expect_grads(grads, params, the_call)
    expected = reference.backward_deep(Y, params, cache)
    at_kink = mistakes.backward_deep_at_kink(Y, params, cache)  # a hidden Z exactly 0: either slope is right there
    if at_kink and all(isinstance(grads[key], np.ndarray) and grads[key].shape == at_kink[key].shape
                                   and np.allclose(grads[key], at_kink[key], rtol=1e-9, atol=1e-12) for key in keys):
        return grads, the_call
    found = mistakes.backward_deep_mistakes(Y, params, cache)
    for key in keys[::-1]:  # from the output back: the first wrong gradient is where the mistake starts
        expect_array(key, grads[key], expected[key], call=the_call, m=X.shape[1], mistakes=for_output(found, key))
    return grads, the_call


@pytest.mark.reference
@pytest.mark.grades("backward_deep")
def test_backward_deep_for_one_example_and_three_layers(learner):
    """m = 1 through 4-3-2-1, and m = 6 through 5-4-3-3-1: L is read from params, never fixed."""
    for seed, sizes, m in ((1, (4, 3, 2, 1), 1), (2, (5, 4, 3, 3, 1), 6)):
        net = random_deep_network(seed, sizes, m)
        _check_backward(learner, net.X, net.Y, net.params)


def _off_the_kink(net) -> bool:
    """No hidden pre-activation is exactly 0. There ReLU has no derivative and any slope in [0, 1] is right
    (relu_prime's own checks accept them all), so backward_deep is compared only where the slope is 0 or 1,
    and a learner's choice at the kink can never fail it."""
    _, cache = reference.forward_deep(net.X, net.params)
    return not any(np.any(cache[f"Z{l}"] == 0) for l in range(1, net.L))


@pytest.mark.reference
@pytest.mark.grades("backward_deep")
@given(deep_networks().filter(_off_the_kink))
@example(net=TELLING_DEEP_NETWORK)
def test_backward_deep_matches_reference(learner, net):
    _check_backward(learner, net.X, net.Y, net.params)


@pytest.mark.reference
@pytest.mark.grades("backward_deep")
def test_backward_deep_when_the_output_saturates(learner):
    """|ZL| from 17 to 36, each label, one example through 4-3-2-1: the gradients must match there too,
    where a saturated output tempts a clip or a division by its slope (checks/saturation.py)."""
    net = random_deep_network(3, (4, 3, 2, 1), 1)
    free = reference.forward_deep(net.X, net.params)[1][f"Z{net.L}"]
    for target in saturation.TARGETS:
        params = saturation.saturated(net.params, free, target)
        _, cache = reference.forward_deep(net.X, params)
        for label in (0.0, 1.0):
            Y = np.array([[label]])
            grads, the_call = _call_deep(learner, "backward_deep", net.L, Y=Y, params=params, cache=cache)
            keys = _expect_grads(grads, params, the_call)
            saturation.expect_grads(grads, reference.backward_deep(Y, params, cache), keys, cache[f"Z{net.L}"],
                                    cache[f"A{net.L}"], Y, the_call)


def _loss(X, Y, params):
    return ref_loss.bce_loss(reference.forward_deep(X, params)[0], Y)


@stored
def _numerical_gradients(X, Y, params):
    """Central differences of the reference loss, for each parameter."""
    return numerical_gradients(lambda changed: _loss(X, Y, changed), params)


def _gradient_check(learner, X, Y, params, pixels=False):
    """The learner's gradients against central differences of the reference loss."""
    _, cache = reference.forward_deep(X, params)
    grads, the_call = call(learner, "backward_deep", Y=Y, params=params, cache=cache)
    _expect_grads(grads, params, the_call)
    errors = {}
    numericals = _numerical_gradients(X, Y, params)
    for name in params:
        numerical = numericals[name]
        analytic = np.asarray(grads["d" + name], dtype=np.float64)
        if analytic.shape != numerical.shape:
            raise CheckFailure(f"d{name} has shape {analytic.shape}, should be {numerical.shape} like {name}",
                               call=the_call)
        errors[name] = relative_error(analytic, numerical)
    bad = [name for name, error in errors.items() if error > THRESHOLD]
    found = mistakes.backward_deep_mistakes(Y, params, cache)  # always: a release stores them for these inputs
    if not bad:
        return
    L = _depth(params)
    lines = ["relative error ||analytic - numerical|| / (||analytic|| + ||numerical||), "
             f"threshold {THRESHOLD:g}, from the output back:"]
    for l in reversed(range(1, L + 1)):
        for name in (f"W{l}", f"b{l}"):
            lines.append(f"  d{name}: {errors[name]:.1e}{'   <- wrong' if name in bad else ''}")
    first = max(bad, key=lambda name: (int(name[1:]), name[0] == "W"))  # the wrong one nearest the output
    mistake = name_mistake(grads["d" + first], numericals[first], for_output(found, "d" + first),
                           m=X.shape[1], what="d" + first)
    gap = np.abs(np.asarray(grads["d" + first]) - numericals[first])
    lines.append(f"worst entries of d{first} (numerical vs yours):")
    for k in np.argsort(gap, axis=None)[::-1][:3]:
        index = tuple(int(i) for i in np.unravel_index(k, gap.shape))
        where = f"{list(index)}"
        if pixels and first == "W1":
            row, col = divmod(index[1], 28)
            where += f" = unit {index[0]} of layer 1, pixel (row {row}, column {col}) of the 28x28 image"
        lines.append(f"  {where}: {numericals[first].flat[k]:.6g} vs {np.asarray(grads['d' + first]).flat[k]:.6g}")
    raise CheckFailure(f"backward_deep fails the numerical gradient check for {', '.join('d' + n for n in bad)}",
                       call=the_call, details=lines, mistake=mistake)


@pytest.mark.reference
@pytest.mark.grades("backward_deep")
def test_backward_deep_gradient_check(learner):
    """Random networks of 1 to 4 layers, m = 1 and m > 1."""
    cases = (((3, 1), 4), ((3, 4, 1), 1), ((4, 3, 2, 1), 5), ((2, 5, 3, 4, 1), 3), ((3, 3, 3, 3, 1), 1))
    for seed, (sizes, m) in enumerate(cases):
        net = random_deep_network(seed + 10, sizes, m)
        _gradient_check(learner, net.X, net.Y, net.params)


@pytest.mark.reference
@pytest.mark.grades("backward_deep")
def test_backward_deep_gradient_check_on_digits(learner):
    """Four real digits through a 784-3-2-1 ReLU network: layer 1's worst entries are shown as pixels."""
    data = load_digits()
    keep = np.concatenate([exam.pick(np.flatnonzero(data.labels == digit), 2, digit) for digit in (4, 5)])
    X, Y = digits_as_inputs(keep)
    params = reference.init_deep([784, 3, 2, 1], seed=exam.seed(7))
    rng = exam.rng(7)
    for l in (1, 2, 3):
        params[f"b{l}"] = rng.uniform(0.1, 0.5, params[f"b{l}"].shape)  # every ReLU unit away from its kink
    _gradient_check(learner, X, Y, params, pixels=True)


@pytest.mark.grades("backward_deep")
def test_backward_deep_costs_a_few_forward_passes(learner):
    """784-64-32-1 (lesson 10's network) and a batch of 64, timed on the grader's clock against your
    forward_deep (checks/cost.py): backpropagation, not finite differences."""
    cost.expect_backpropagation_cost(*cost.backprop_timers(learner))


@pytest.mark.grades("backward_deep")
@FEWER
@given(deep_networks(min_layers=2, max_layers=2))
def test_backward_deep_with_one_hidden_layer_has_lesson_4s_shapes(learner, net):
    """Two layers: the gradients have the shapes of lesson 4's (dW1, db1, dW2, db2), nothing more."""
    _, cache = reference.forward_deep(net.X, net.params)
    grads, the_call = call(learner, "backward_deep", Y=net.Y, params=net.params, cache=cache)
    _expect_grads(grads, net.params, the_call)
    lesson4 = ref_backward.backward(net.X, net.Y, net.params, {"Z1": cache["Z1"], "A1": cache["A1"],
                                                               "Z2": cache["Z2"], "A2": cache["A2"]})
    for key, value in lesson4.items():
        got = grads[key]
        if not isinstance(got, np.ndarray) or got.shape != value.shape:
            raise CheckFailure(f"{key} should have lesson 4's shape {value.shape} (the shape of {key[1:]}), "
                               f"got {getattr(got, 'shape', type(got).__name__)}", call=the_call)
    extra = sorted(set(grads) - set(lesson4))
    if extra:
        raise CheckFailure(f"backward_deep returned gradients {extra} for a 2-layer network", call=the_call)
