"""Lesson 6: train (graded with the reference lessons 1-5).

Shuffling is the learner's own (any generator seeded from `seed`), so the checks
never assume an order: they record the parameters train starts from (its call to
init_params) and ask whether the result is what some order of the prescribed
updates gives from there.
"""

import itertools

import numpy as np
import pytest

from . import exam
from .compare import call, expect_params_dict, scalar_result
from .course import find_lesson
from .failure import CheckFailure
from .strategies import random_network
from .reference import module as reference_module, stored
from .shuffles import expect_seeded_own_stream

ref_forward = reference_module("lesson02_forward")
ref_loss = reference_module("lesson03_loss")
ref_backward = reference_module("lesson04_backward")
ref_update = reference_module("lesson05_update")
LESSON = find_lesson("6")
NAMES = ("W1", "b1", "W2", "b2")


def _train(learner, X, Y, **settings):
    """Run the learner's train; return (params, losses, start params, the Call).

    The start is what init_params returned inside train (recorded by the worker), else the
    reference's init_params with train's seed.
    """
    result, the_call = call(learner, "train", X=X, Y=Y, keywords=settings, spy="init_params")
    starts = the_call.spied or []
    if not (isinstance(result, tuple) and len(result) == 2):
        raise CheckFailure("train should return a pair (params, losses)", call=the_call)
    params, losses = result
    expect_params_dict("train's params", params, NAMES, call=the_call)
    try:
        losses = [scalar_result("each loss", loss, call=the_call) for loss in losses]
    except TypeError:
        raise CheckFailure("train's losses should be a list of floats", call=the_call) from None
    if len(losses) != settings["epochs"]:
        raise CheckFailure(f"train returned {len(losses)} losses for epochs={settings['epochs']}: "
                           "one per epoch", call=the_call)
    n_x, n_h = X.shape[0], settings["n_h"]
    start = starts[0] if starts else ref_forward.init_params(n_x, n_h, Y.shape[0], seed=settings["seed"])
    return params, losses, start, the_call


@stored
def _descend(X, Y, params, batches, lr):
    """The reference updates over `batches` (lists of column indices), in order."""
    for batch in batches:
        Xb, Yb = X[:, batch], Y[:, batch]
        _, cache = ref_forward.forward(Xb, params)
        params = ref_update.update(params, ref_backward.backward(Xb, Yb, params, cache), lr)
    return params  # after every batch


@stored
def _loss(X, Y, params):
    return ref_loss.bce_loss(ref_forward.forward(X, params)[0], Y)


def _close(a, b):
    return all(np.allclose(a[name], b[name], rtol=1e-8, atol=1e-11) for name in NAMES)


def _matching_orders(X, Y, start, params, batch_size, lr):
    """Every order of the m examples whose one epoch of mini-batch updates gives `params`."""
    _, m = X.shape
    found = []
    for order in itertools.permutations(range(m)):
        batches = [list(order[i:i + batch_size]) for i in range(0, m, batch_size)]
        if _close(_descend(X, Y, start, batches, lr), params):
            found.append(order)
    return found


def _one_epoch_verdict(X, Y, start, params, batch_size, lr, the_call):
    _, m = X.shape
    if _matching_orders(X, Y, start, params, batch_size, lr):
        return
    mistakes = []
    if _close(_descend(X, Y, start, [list(range(m))], lr), params):
        mistakes.append(f"one update for the whole epoch: update after every batch of {batch_size}")
    for order in itertools.permutations(range(m)):
        full = [list(order[i:i + batch_size]) for i in range(0, m - m % batch_size, batch_size)]
        if m % batch_size and _close(_descend(X, Y, start, full, lr), params):
            mistakes.append("the last, shorter mini-batch was skipped: every example is used once per epoch")
            break
    for factor in (2.0, 0.5):  # lr * 2, lr / 2: the steps of some order, each the wrong size
        if _matching_orders(X, Y, start, params, batch_size, lr * factor):
            mistakes.append(f"every step is {factor:g} times the step that lr gives: use lr as it is given")
            break
    raise CheckFailure(
        f"after one epoch with batch_size={batch_size}, train's parameters match no order of "
        f"mini-batch gradient-descent steps from the parameters it started with",
        call=the_call, mistake=mistakes[0] if len(mistakes) == 1 else None,  # named only when told apart
        details=[] if len(mistakes) == 1 else
        ["each step is forward, backward and update on one mini-batch; each example once per epoch"])


def _settings(**changes):
    return {"n_h": 3, "epochs": 1, "lr": 0.5, "batch_size": 1, "seed": exam.seed(0), **changes}


@pytest.mark.grades("train")
def test_train_returns_params_and_losses(learner):
    net = random_network(0, n_x=3, n_h=3, m=6)
    params, losses, _, the_call = _train(learner, net.X, net.Y, **_settings(epochs=4, batch_size=2))
    for name, value in params.items():
        expected_shape = {"W1": (3, 3), "b1": (3, 1), "W2": (1, 3), "b2": (1, 1)}[name]
        if not isinstance(value, np.ndarray) or value.shape != expected_shape or value.dtype != np.float64:
            raise CheckFailure(f"train's {name} should be a float64 array of shape {expected_shape}",
                               call=the_call)
    final = _loss(net.X, net.Y, params)
    if not np.isclose(losses[-1], final, rtol=1e-9, atol=1e-12):
        raise CheckFailure(f"losses[-1] = {losses[-1]!r} but the loss of the returned params on the "
                           f"training set is {final!r}", call=the_call,
                           mistake="record the mean loss on the whole training set after each epoch's "
                                   "updates")


@pytest.mark.reference
@pytest.mark.grades("train")
def test_train_updates_once_per_example(learner):
    """batch_size=1, the seed's Algorithm 1: one update per example, in some order."""
    net = random_network(1, n_x=2, n_h=3, m=3)
    settings = _settings()
    params, _, start, the_call = _train(learner, net.X, net.Y, **settings)
    _one_epoch_verdict(net.X, net.Y, start, params, 1, settings["lr"], the_call)


@pytest.mark.reference
@pytest.mark.grades("train")
def test_train_mini_batches(learner):
    """batch_size=2 with m=5: batches of 2, 2 and 1, in some order."""
    net = random_network(2, n_x=2, n_h=2, m=5)
    settings = _settings(batch_size=2)
    params, _, start, the_call = _train(learner, net.X, net.Y, **settings)
    _one_epoch_verdict(net.X, net.Y, start, params, 2, settings["lr"], the_call)


@pytest.mark.reference
@pytest.mark.grades("train")
def test_train_full_batch_and_losses_per_epoch(learner):
    """batch_size >= m: one full-batch step per epoch; losses[e] is the loss after epoch e."""
    net = random_network(3, n_x=3, n_h=2, m=4)
    for batch_size in (4, 100):
        settings = _settings(epochs=3, batch_size=batch_size)
        params, losses, start, the_call = _train(learner, net.X, net.Y, **settings)
        trajectory = [start]
        for _ in range(3):
            trajectory.append(_descend(net.X, net.Y, trajectory[-1], [list(range(4))], settings["lr"]))
        if not _close(trajectory[-1], params):
            raise CheckFailure(f"with batch_size={batch_size} >= m = 4, three epochs should be three "
                               "full-batch gradient-descent steps from the initial parameters", call=the_call)
        after = [_loss(net.X, net.Y, p) for p in trajectory[1:]]
        before = [_loss(net.X, net.Y, p) for p in trajectory[:-1]]
        if not np.allclose(losses, after, rtol=1e-9, atol=1e-12):
            raise CheckFailure("losses[e] should be the mean training loss after epoch e's updates",
                               call=the_call, expected=np.array(after), got=np.array(losses),
                               mistake="the losses were recorded before each epoch's updates"
                               if np.allclose(losses, before, rtol=1e-9, atol=1e-12) else None)


@pytest.mark.grades("train")
def test_train_is_seeded(learner):
    net = random_network(4, n_x=2, n_h=3, m=6)
    settings = _settings(epochs=2, batch_size=2)
    first, first_losses, _, the_call = _train(learner, net.X, net.Y, **settings)
    again, again_losses, _, _ = _train(learner, net.X, net.Y, **settings)
    other, _, _, other_call = _train(learner, net.X, net.Y, **{**settings, "seed": exam.seed(1)})
    first_start = the_call.spied[0] if the_call.spied else None
    starts = other_call.spied
    if not all(np.array_equal(first[name], again[name]) for name in NAMES) or first_losses != again_losses:
        raise CheckFailure("train gave different results for the same seed", call=the_call,
                           mistake="make the shuffling generator from the seed, a generator of its own such as "
                                   "np.random.default_rng([seed, 1]) (not the unseeded np.random)")
    if _close(first, other):
        raise CheckFailure("train gave the same result for seeds 0 and 1: the seed is ignored", call=the_call)
    if first_start is not None and starts and _close(first_start, starts[0]):
        raise CheckFailure("train starts from the same parameters for seeds 0 and 1", call=the_call,
                           mistake="pass the seed on: init_params(n_x, n_h, n_y, seed)")


@pytest.mark.grades("train")
def test_train_shuffles_the_examples(learner):
    """With batch_size=1, the order of updates in an epoch is not always the data's order; over seeds 0-3
    it depends on the seed, and it is not drawn from init_params' own stream (checks/shuffles.py)."""
    net = random_network(5, n_x=2, n_h=2, m=4)
    settings = _settings()
    orders = {}
    for seed in map(exam.seed, range(4)):
        params, _, start, the_call = _train(learner, net.X, net.Y, **{**settings, "seed": seed})
        found = _matching_orders(net.X, net.Y, start, params, 1, settings["lr"])
        if not found:
            _one_epoch_verdict(net.X, net.Y, start, params, 1, settings["lr"], the_call)
        orders[seed] = found[0]
    if all(order == (0, 1, 2, 3) for order in orders.values()):
        raise CheckFailure("train visits the examples in the same order (0, 1, 2, 3) for seeds 0 to 3: "
                           "shuffle them each epoch", call=the_call,
                           mistake="order = rng.permutation(m) at the start of each epoch")
    expect_seeded_own_stream(orders, "train", "init_params", the_call)


def _epoch_order(X, Y, start, lr, target_loss=None, target_params=None):
    """The orders of per-example updates from `start` that reach a loss or parameters."""
    for order in itertools.permutations(range(X.shape[1])):
        params = _descend(X, Y, start, [[i] for i in order], lr)
        if (target_params is not None and _close(params, target_params)) or (
                target_loss is not None and np.isclose(_loss(X, Y, params), target_loss, rtol=1e-10, atol=0)):
            yield order, params


@pytest.mark.grades("train")
def test_train_shuffles_again_each_epoch(learner):
    """Two epochs with batch_size=1: the second epoch's order is a new shuffle, not the first again."""
    net = random_network(8, n_x=2, n_h=2, m=4)
    settings = _settings(epochs=2)
    repeats = 0
    for seed in map(exam.seed, range(4)):
        params, losses, start, the_call = _train(learner, net.X, net.Y, **{**settings, "seed": seed})
        pairs = [(first, second) for first, middle in _epoch_order(net.X, net.Y, start, settings["lr"], losses[0])
                 for second, _ in _epoch_order(net.X, net.Y, middle, settings["lr"], target_params=params)]
        if not pairs:
            raise CheckFailure("after two epochs with batch_size=1, train's parameters match no two orders "
                               "of per-example updates", call=the_call)
        repeats += all(first == second for first, second in pairs)
    if repeats == 4:
        raise CheckFailure("train repeats the first epoch's order in the second epoch, for seeds 0 to 3",
                           call=the_call, mistake="shuffle inside the epoch loop: a new "
                                                  "rng.permutation(m) at the start of every epoch")


@pytest.mark.grades("train")
def test_train_loss_falls_on_a_separable_problem(learner):
    rng = exam.rng(6)
    X = rng.uniform(0, 1, (2, 40))
    Y = (X[0] > X[1]).astype(np.float64).reshape(1, -1)
    settings = _settings(n_h=4, epochs=40, lr=1.0, batch_size=4)
    params, losses, _, the_call = _train(learner, X, Y, **settings)
    if not losses[-1] < 0.8 * losses[0]:
        raise CheckFailure(f"the training loss did not fall: {losses[0]:.4f} after epoch 0, "
                           f"{losses[-1]:.4f} after epoch {len(losses) - 1}", call=the_call)
