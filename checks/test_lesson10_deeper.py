"""Lesson 10: train_deep (graded with the reference lessons 1-9), then the deeper network on the learner's chain.

Shuffling is the learner's own, so, as for lesson 6, the checks never assume an order: they
take the parameters train_deep started from (its call to init_deep, recorded by the grader
with `spy`) and ask whether the result is what some order of the prescribed optimizer steps
gives from there.
"""

import itertools

import numpy as np
import pytest

from digits import load_digits

from . import exam
from .compare import call, expect_params_dict, scalar_result
from .course import find_lesson
from .failure import CheckFailure
from .strategies import deep_params_shapes, random_network
from .reference import module as reference_module, stored
from .shuffles import expect_seeded_own_stream

ref_loss = reference_module("lesson03_loss")
ref_classifier = reference_module("lesson07_classifier")
ref_deep = reference_module("lesson08_deep")
ref_optimizers = reference_module("lesson09_optimizers")
LESSON = find_lesson("10")
TARGET_ACCURACY = 0.985
DEEP = {"layer_sizes": [784, 64, 32, 1], "epochs": 20, "lr": 0.001, "batch_size": 32, "method": "adam", "seed": 0}


def _train(learner, X, Y, **settings):
    """Run the learner's train_deep; return (params, history, start params, the Call)."""
    # The worker records what init_deep returned inside train_deep: that is where training started.
    result, the_call = call(learner, "train_deep", X=X, Y=Y, keywords=settings, spy="init_deep")
    spied = list(the_call.spied or [])
    if not (isinstance(result, tuple) and len(result) == 2):
        raise CheckFailure("train_deep should return a pair (params, history)", call=the_call)
    params, history = result
    sizes = settings["layer_sizes"]
    expect_params_dict("train_deep's params", params, tuple(deep_params_shapes(sizes)), call=the_call)
    for name, shape in deep_params_shapes(sizes).items():
        value = params[name]
        if not isinstance(value, np.ndarray) or value.shape != shape or value.dtype != np.float64:
            raise CheckFailure(f"train_deep's {name} should be a float64 array of shape {shape}", call=the_call)
    if not isinstance(history, dict) or "loss" not in history:
        raise CheckFailure("train_deep's history should be a dict with the key 'loss'", call=the_call)
    try:
        losses = [scalar_result("each loss", loss, call=the_call) for loss in history["loss"]]
    except TypeError:
        raise CheckFailure("history['loss'] should be a list of floats", call=the_call) from None
    if len(losses) != settings["epochs"]:
        raise CheckFailure(f"history['loss'] has {len(losses)} entries for epochs={settings['epochs']}: one per "
                           "epoch", call=the_call)
    start = spied[0] if spied else ref_deep.init_deep(sizes, settings["seed"])
    return params, {**history, "loss": losses}, start, the_call


@stored
def _descend(X, Y, params, batches, *, method, lr, state=None):
    """The reference optimizer steps over `batches` (lists of column indices), in order; (params, state)."""
    state = ref_optimizers.init_state(params) if state is None else state
    for batch in batches:
        _, cache = ref_deep.forward_deep(X[:, batch], params)
        grads = ref_deep.backward_deep(Y[:, batch], params, cache)
        params, state = ref_optimizers.step(params, grads, state, method=method, lr=lr)
    return params, state


@stored
def _loss(X, Y, params):
    return ref_loss.bce_loss(ref_deep.forward_deep(X, params)[0], Y)


def _close(a, b):
    return all(np.allclose(a[name], b[name], rtol=1e-8, atol=1e-11) for name in b)


def _matching_orders(X, Y, start, params, batch_size, **optimizer):
    _, m = X.shape
    for order in itertools.permutations(range(m)):
        batches = [list(order[i:i + batch_size]) for i in range(0, m, batch_size)]
        if _close(_descend(X, Y, start, batches, **optimizer)[0], params):
            yield order


def _settings(**changes):
    return {"layer_sizes": [2, 3, 2, 1], "epochs": 1, "lr": 0.05, "batch_size": 1, "method": "adam", "seed": exam.seed(0),
            **changes}


def _one_epoch_verdict(X, Y, start, params, settings, the_call):
    batch_size, optimizer = settings["batch_size"], {"method": settings["method"], "lr": settings["lr"]}
    if next(_matching_orders(X, Y, start, params, batch_size, **optimizer), None) is not None:
        return
    _, m = X.shape
    mistakes = []
    if _close(_descend(X, Y, start, [list(range(m))], **optimizer)[0], params):
        mistakes.append(f"one step for the whole epoch: take a step after every batch of {batch_size}")
    for method in ("sgd", "momentum", "rmsprop", "adam"):
        for lr in {settings["lr"], 0.001}:
            if (method, lr) != (settings["method"], settings["lr"]) and next(
                    _matching_orders(X, Y, start, params, batch_size, method=method, lr=lr), None) is not None:
                mistakes.append(f"these are {method} steps with lr={lr:g}: pass train_deep's method and lr on to "
                                "step")
    raise CheckFailure(
        f"after one epoch with batch_size={batch_size} and method={settings['method']!r}, train_deep's parameters "
        "match no order of mini-batch optimizer steps from the parameters it started with",
        call=the_call, mistake=mistakes[0] if mistakes else
        "each step is forward_deep, backward_deep and step on one mini-batch; each example once per epoch")


def _data(seed, n_0, m):
    net = random_network(seed, n_x=n_0, n_h=1, m=m)
    return net.X, net.Y


@pytest.mark.grades("train_deep")
def test_train_deep_returns_params_and_history(learner):
    """Every layer's parameters; history['loss'][e] is the training loss after epoch e."""
    X, Y = _data(0, 3, 6)
    settings = _settings(layer_sizes=[3, 4, 3, 1], epochs=3, batch_size=2)
    params, history, _, the_call = _train(learner, X, Y, **settings)
    final = _loss(X, Y, params)
    if not np.isclose(history["loss"][-1], final, rtol=1e-9, atol=1e-12):
        raise CheckFailure(f"history['loss'][-1] = {history['loss'][-1]!r} but the loss of the returned params on "
                           f"the training set is {final!r}", call=the_call,
                           mistake="record the mean loss on the whole training set after each epoch's steps")
    if "val_accuracy" in history and len(history["val_accuracy"]):
        raise CheckFailure("history has val_accuracy values although no validation data was given", call=the_call)


@pytest.mark.reference
@pytest.mark.grades("train_deep")
def test_train_deep_steps_once_per_mini_batch(learner):
    """batch_size=2 with m=5 (batches of 2, 2 and 1, in some order) and batch_size=1, Adam."""
    for seed, batch_size, m in ((1, 2, 5), (2, 1, 4)):
        X, Y = _data(seed, 2, m)
        settings = _settings(batch_size=batch_size)
        params, _, start, the_call = _train(learner, X, Y, **settings)
        _one_epoch_verdict(X, Y, start, params, settings, the_call)


@pytest.mark.reference
@pytest.mark.grades("train_deep")
def test_train_deep_uses_the_method_lr_and_carries_the_state(learner):
    """Full batch (batch_size >= m) for 3 epochs: 3 optimizer steps, the state carried across epochs."""
    X, Y = _data(3, 3, 4)
    for method, lr in (("momentum", 0.3), ("rmsprop", 0.01), ("adam", 0.02), ("sgd", 0.5)):
        settings = _settings(layer_sizes=[3, 3, 1], epochs=3, batch_size=100, method=method, lr=lr)
        params, history, start, the_call = _train(learner, X, Y, **settings)
        trajectory, state = [start], None
        for _ in range(3):
            after, state = _descend(X, Y, trajectory[-1], [list(range(4))], method=method, lr=lr, state=state)
            trajectory.append(after)
        if _close(params, trajectory[-1]):
            expected = [_loss(X, Y, p) for p in trajectory[1:]]
            if not np.allclose(history["loss"], expected, rtol=1e-9, atol=1e-12):
                before = [_loss(X, Y, p) for p in trajectory[:-1]]
                raise CheckFailure("history['loss'][e] should be the mean training loss after epoch e's steps",
                                   call=the_call, expected=np.array(expected), got=np.array(history["loss"]),
                                   mistake="the losses were recorded before each epoch's steps"
                                   if np.allclose(history["loss"], before, rtol=1e-9, atol=1e-12) else None)
            continue
        fresh = start
        for _ in range(3):  # a new optimizer state every epoch
            fresh, _ = _descend(X, Y, fresh, [list(range(4))], method=method, lr=lr)
        named = {"the optimizer state is made anew every epoch: call init_state once, before the epochs, and "
                 "carry step's new state from step to step": fresh}
        for other, other_lr in (("adam", 0.001), ("sgd", lr), ("adam", lr), (method, 0.001)):
            if (other, other_lr) != (method, lr):
                p, s = start, None
                for _ in range(3):
                    p, s = _descend(X, Y, p, [list(range(4))], method=other, lr=other_lr, state=s)
                named.setdefault(f"these are {other} steps with lr={other_lr:g}: pass train_deep's method and lr "
                                 "on to step", p)
        mistake = next((text for text, value in named.items() if _close(params, value)), None)
        raise CheckFailure(f"with batch_size >= m and method={method!r}, lr={lr}, three epochs should be three "
                           f"full-batch {method} steps from the initial parameters, the optimizer's state carried "
                           "from one to the next", call=the_call, mistake=mistake)


@pytest.mark.reference
@pytest.mark.grades("train_deep")
def test_train_deep_never_trains_on_the_validation_set(learner):
    """X_val, Y_val change nothing in the training; history['val_accuracy'][e] is measured after epoch e."""
    X, Y = _data(4, 3, 4)
    X_val, Y_val = _data(5, 3, 7)
    settings = _settings(layer_sizes=[3, 4, 1], epochs=3, batch_size=100, lr=0.05)
    params, history, start, the_call = _train(learner, X, Y, **settings, X_val=X_val, Y_val=Y_val)
    expected, state, accuracies, on_training = start, None, [], []
    for _ in range(3):
        expected, state = _descend(X, Y, expected, [list(range(4))], method="adam", lr=0.05, state=state)
        accuracies.append(float(np.mean((ref_deep.forward_deep(X_val, expected)[0] >= 0.5) == (Y_val == 1))))
        on_training.append(float(np.mean((ref_deep.forward_deep(X, expected)[0] >= 0.5) == (Y == 1))))
    if not _close(params, expected):
        both = np.hstack([X, X_val]), np.hstack([Y, Y_val])
        trained_on_val, state = start, None
        for _ in range(3):
            trained_on_val, state = _descend(*both, trained_on_val, [list(range(11))], method="adam", lr=0.05,
                                             state=state)
        raise CheckFailure("with validation data, train_deep's parameters are not the steps on the training set "
                           "alone", call=the_call,
                           mistake="the validation set was trained on: it is only evaluated, never part of a step"
                           if _close(params, trained_on_val) else None)
    got = history.get("val_accuracy")
    try:
        got = None if got is None else np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        got = None
    if got is None or got.shape != (3,) or not np.allclose(got, accuracies, rtol=0, atol=1e-12):
        raise CheckFailure("history['val_accuracy'][e] should be the fraction of the validation set classified "
                           "right (AL >= 0.5 is class 1) after epoch e", call=the_call,
                           expected=np.array(accuracies), got=got,
                           mistake="this is the accuracy on the training set: evaluate X_val, Y_val"
                           if got is not None and got.shape == (3,) and np.allclose(got, on_training, atol=1e-12)
                           else "this is a percentage: record the fraction in [0, 1]"
                           if got is not None and got.shape == (3,) and np.allclose(got, 100 * np.array(accuracies))
                           else None)


@pytest.mark.grades("train_deep")
def test_train_deep_is_seeded_and_shuffles_each_epoch(learner):
    """The same seed gives the same result; over seeds 0-3 the order is not always the data's, depends on the
    seed, and is not drawn from init_deep's own stream (checks/shuffles.py)."""
    X, Y = _data(6, 2, 4)
    settings = _settings(layer_sizes=[2, 2, 1], epochs=1)
    first, first_history, _, the_call = _train(learner, X, Y, **settings)
    again, again_history, _, _ = _train(learner, X, Y, **settings)
    if not all(np.array_equal(first[name], again[name]) for name in first) or first_history != again_history:
        raise CheckFailure("train_deep gave different results for the same seed", call=the_call,
                           mistake="make the shuffling generator from the seed")
    orders = {}
    for seed in map(exam.seed, range(4)):
        params, _, start, the_call = _train(learner, X, Y, **{**settings, "seed": seed})
        found = next(_matching_orders(X, Y, start, params, 1, method="adam", lr=settings["lr"]), None)
        if found is None:
            _one_epoch_verdict(X, Y, start, params, {**settings, "seed": seed}, the_call)
        orders[seed] = found
    if all(order == (0, 1, 2, 3) for order in orders.values()):
        raise CheckFailure("train_deep visits the examples in the same order (0, 1, 2, 3) for seeds 0 to 3: "
                           "shuffle them each epoch", call=the_call,
                           mistake="order = rng.permutation(m) at the start of each epoch")
    expect_seeded_own_stream(orders, "train_deep", "init_deep", the_call)


@pytest.mark.grades("train_deep")
def test_train_deep_loss_falls_on_a_separable_problem(learner):
    rng = exam.rng(6)
    X = rng.uniform(0, 1, (2, 40))
    Y = (X[0] > X[1]).astype(np.float64).reshape(1, -1)
    settings = _settings(layer_sizes=[2, 8, 4, 1], epochs=30, lr=0.02, batch_size=8)
    _, history, _, the_call = _train(learner, X, Y, **settings)
    losses = history["loss"]
    if not losses[-1] < 0.8 * losses[0]:
        raise CheckFailure(f"the training loss did not fall: {losses[0]:.4f} after epoch 0, {losses[-1]:.4f} after "
                           f"epoch {len(losses) - 1}", call=the_call)


def _chain(learner):
    """The learner's own lesson 10, with their lessons 1-9 behind it (a proxy run by the grader)."""
    return learner.chain("lesson10_deeper")


@pytest.mark.chain
@pytest.mark.time_limit(60)  # 20 epochs of 25 mini-batches: about 0.5 s for the reference
@pytest.mark.grades("train_deep")
def test_deeper_network_reaches_98_5_percent(learner):
    """Your lessons 8-10 (and 1-7 behind them) train 784-64-32-1 with Adam, lr 0.001, batch size 32, 20 epochs.

    The split is the reference's (seed 0): the test images are the same for everyone, and their labels
    never leave the grader; the accuracy is computed here, with the reference forward pass on your
    trained parameters.
    """
    module = _chain(learner)
    data = load_digits()
    X, Y = ref_classifier.preprocess(data.images, data.labels, (4, 5))
    X_train, Y_train, X_test, Y_test = ref_classifier.train_test_split(X, Y, 0.2, seed=0)
    result, the_call = call(module, "train_deep", X=X_train, Y=Y_train, keywords=dict(DEEP))
    if not (isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], dict)):
        raise CheckFailure("train_deep should return a pair (params, history)", call=the_call)
    params = result[0]
    shapes = deep_params_shapes(DEEP["layer_sizes"])
    if set(params) != set(shapes) or any(
            not isinstance(params[name], np.ndarray) or params[name].shape != shape or params[name].dtype != np.float64
            for name, shape in shapes.items()):
        raise CheckFailure(f"train_deep should return exactly {list(shapes)}, float64 arrays of the shapes of "
                           "784-64-32-1", call=the_call)
    if not all(np.all(np.isfinite(value)) for value in params.values()):
        raise CheckFailure("train_deep returned parameters with inf or nan", call=the_call)
    predicted = (ref_deep.forward_deep(X_test, params)[0] >= 0.5).astype(np.float64)
    score = ref_classifier.accuracy(Y_test, predicted)
    if score < TARGET_ACCURACY:
        raise CheckFailure(f"your deeper network reaches {score:.1%} test accuracy; the target is "
                           f"{TARGET_ACCURACY:.1%}", call=None,
                           details=["all your lessons ran here together: if lessons 8 and 9 pass their own "
                                    "checks, look at train_deep's settings (Adam, lr 0.001, batch size 32)"])
