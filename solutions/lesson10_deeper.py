"""Lesson 10: training the deeper network, and the seed's network against it.

You write `train_deep`: lesson 6's training loop for the network of lesson 8 and the
optimizers of lesson 9. `compare` (already written) runs the seed's 784-32-1 sigmoid
network (lessons 1-7: SGD, lr 0.01, batch size 1, 50 epochs) and the deeper 784-64-32-1
ReLU network (Adam, lr 0.001, batch size 32, 20 epochs) on the same split, with a
validation set carved out of the training set; the test set is used once, at the end.

    python -m lessons.lesson10_deeper      # your lessons; solutions.lesson10_deeper: the reference

Guide: docs/lessons/10-deeper.md; stuck? `python -m checks hint 10`.
"""

import time

import numpy as np

from digits import load_digits

from . import lesson06_train
from .lesson02_forward import forward
from .lesson03_loss import bce_loss
from .lesson05_update import update
from .lesson07_classifier import accuracy, confusion_matrix, precision_recall_f1, preprocess, train_test_split
from .lesson08_deep import backward_deep, forward_deep, init_deep
from .lesson09_optimizers import init_state, step

SEED_NETWORK = {"n_h": 32, "lr": 0.01, "batch_size": 1, "epochs": 50}  # the seed report's settings
TARGET = 0.975  # the validation accuracy whose first epoch `compare` reports (the seed report's 97.5%)


def train_deep(X, Y, *, layer_sizes, epochs=20, lr=0.001, batch_size=32, method="adam", seed=0,
               X_val=None, Y_val=None, on_epoch=None):
    """Train the network of `layer_sizes` with mini-batches and an optimizer of lesson 9.

    Lesson 6's loop, with lesson 8's network and lesson 9's `step` in place of
    lesson 5's update: start from `init_deep(layer_sizes, seed)` and `init_state`;
    every epoch, a new shuffle of the m training examples, then one optimizer step per
    mini-batch of `batch_size` examples (the last one may be shorter; batch_size >= m
    is full-batch); every example is used once per epoch. The shuffles come from a
    generator made from `seed` (a stream of its own, not the one init_deep drew from).

    The validation set, when given, is only evaluated, never trained on.

    Args:
        X: inputs, shape (n_0, m).
        Y: labels, shape (1, m), 0.0 or 1.0.
        layer_sizes: [n_0, ..., n_L] with n_0 = X.shape[0] and n_L = 1.
        epochs: passes over the training set.
        lr: the learning rate.
        batch_size: examples per step.
        method: "sgd", "momentum", "rmsprop" or "adam" (lesson 9's other
            hyper-parameters keep their defaults).
        seed: seeds init_deep and the shuffles.
        X_val: optional validation inputs, shape (n_0, m_val).
        Y_val: their labels, shape (1, m_val).
        on_epoch: optional; if given, call on_epoch(epoch, loss) after each epoch
            (the experiment's progress display uses it).

    Returns:
        (params, history): the trained params (W1, b1, ..., WL, bL) and a dict with
        `history["loss"][e]`, the mean loss on all of X, Y after epoch e's steps (a
        float), and, only when validation data is given, `history["val_accuracy"][e]`,
        the fraction of the validation set classified right (AL >= 0.5 means class 1)
        after epoch e.
    """
    ### BEGIN SOLUTION
    m = X.shape[1]
    params = init_deep(layer_sizes, seed)
    state = init_state(params)
    rng = np.random.default_rng([seed, 1])  # not default_rng(seed): init_deep drew from that stream
    history = {"loss": []}
    if X_val is not None:
        history["val_accuracy"] = []
    for epoch in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start:start + batch_size]
            X_batch, Y_batch = X[:, batch], Y[:, batch]
            _, cache = forward_deep(X_batch, params)
            params, state = step(params, backward_deep(Y_batch, params, cache), state, method=method, lr=lr)
        AL, _ = forward_deep(X, params)
        history["loss"].append(float(bce_loss(AL, Y)))
        if X_val is not None:
            A_val, _ = forward_deep(X_val, params)
            history["val_accuracy"].append(float(np.mean((A_val >= 0.5) == (Y_val == 1))))
        if on_epoch is not None:
            on_epoch(epoch, history["loss"][-1])
    return params, history
    ### END SOLUTION


def _first_epoch_at(history, target):
    """The first epoch (counting from 1) whose validation accuracy is at least target, or None."""
    return next((e + 1 for e, value in enumerate(history["val_accuracy"]) if value >= target), None)


def _train_seed_network(X, Y, X_val, Y_val, *, n_h, lr, batch_size, epochs, seed):
    """(params, {"loss": [...], "val_accuracy": [...]}): your lesson 6 `train`, measured on the
    validation set after every epoch. Already written.

    `train` tells `on_epoch` the epoch's loss only, so the parameters after the epoch are
    read from its last call to your lesson 5 `update` (wrapped while train runs).
    """
    latest = {}

    def recorded_update(params, grads, lr):
        latest["params"] = update(params, grads, lr)
        return latest["params"]

    history = {"loss": [], "val_accuracy": []}

    def measure(epoch, loss):
        history["loss"].append(float(loss))
        if "params" in latest:
            labels = (forward(X_val, latest["params"])[0] >= 0.5).astype(np.float64)
            history["val_accuracy"].append(accuracy(Y_val, labels))

    lesson06_train.update = recorded_update
    try:
        trained, _ = lesson06_train.train(X, Y, n_h=n_h, epochs=epochs, lr=lr, batch_size=batch_size, seed=seed,
                                          on_epoch=measure)
    finally:
        lesson06_train.update = update
    if len(history["val_accuracy"]) != len(history["loss"]):
        raise RuntimeError("your lesson 6 train never called lesson 5's update, so the validation accuracy "
                           "after each epoch cannot be measured: make each step call update(params, grads, lr)")
    return trained, history


def compare(*, layers=(784, 64, 32, 1), method="adam", lr=0.001, batch_size=32, epochs=20,
            seed_epochs=SEED_NETWORK["epochs"], seed=0, test_fraction=0.2, val_fraction=0.1,
            classes=(4, 5), data=None, target=TARGET):
    """The seed's network and the deeper one, trained and tested on the same split. Already written.

    The data are split once into training and test sets (lesson 7's split; with
    `data`, a folder of MNIST IDX files, their own test set), then `val_fraction` of
    the training set is carved out as the validation set. Both networks train on
    the rest and are measured on the validation set after every epoch; each is
    evaluated on the test set once, at the end.

    Returns:
        A dict with "seed" and "deep", each a dict of "accuracy" (test), "confusion_matrix",
        "precision", "recall", "f1", "train_seconds", "first_epoch_at_target" (the first
        epoch, from 1, with validation accuracy >= target, or None), "history" (loss and
        val_accuracy per epoch), "settings" and "params"; and "n_train", "n_val", "n_test",
        "target", "classes".
    """
    digits = load_digits(data)
    X, Y = preprocess(digits.images, digits.labels, classes)
    if digits.test_images is None:
        X_train, Y_train, X_test, Y_test = train_test_split(X, Y, test_fraction, seed)
    else:
        X_train, Y_train = X, Y
        X_test, Y_test = preprocess(digits.test_images, digits.test_labels, classes)
    X_fit, Y_fit, X_val, Y_val = train_test_split(X_train, Y_train, val_fraction, seed)
    layers = [int(n) for n in layers]
    runs = {
        "seed": (f"{X.shape[0]}-{SEED_NETWORK['n_h']}-1 sigmoid, SGD", dict(SEED_NETWORK, epochs=seed_epochs),
                 lambda: _train_seed_network(X_fit, Y_fit, X_val, Y_val, seed=seed,
                                             **dict(SEED_NETWORK, epochs=seed_epochs))),
        "deep": ("-".join(map(str, layers)) + f" ReLU, {method}",
                 {"layers": layers, "method": method, "lr": lr, "batch_size": batch_size, "epochs": epochs},
                 lambda: train_deep(X_fit, Y_fit, layer_sizes=layers, epochs=epochs, lr=lr,
                                    batch_size=batch_size, method=method, seed=seed, X_val=X_val, Y_val=Y_val)),
    }
    result = {"n_train": X_fit.shape[1], "n_val": X_val.shape[1], "n_test": X_test.shape[1],
              "target": target, "classes": tuple(classes)}
    for key, (name, settings, train) in runs.items():
        started = time.perf_counter()
        params, history = train()
        seconds = time.perf_counter() - started
        probabilities = (forward(X_test, params) if key == "seed" else forward_deep(X_test, params))[0]
        Y_pred = (probabilities >= 0.5).astype(np.float64)
        precision, recall, f1 = precision_recall_f1(Y_test, Y_pred)
        result[key] = {"name": name, "settings": settings, "accuracy": accuracy(Y_test, Y_pred),
                       "confusion_matrix": confusion_matrix(Y_test, Y_pred), "precision": precision,
                       "recall": recall, "f1": f1, "train_seconds": seconds,
                       "first_epoch_at_target": _first_epoch_at(history, target),
                       "history": history, "params": params}
    return result


def main(argv=None):
    """The command line; `--help` lists the options."""
    from experiments.experiment_deep import main as experiment_main
    return experiment_main(compare, argv)


if __name__ == "__main__":
    raise SystemExit(main())
