"""Lesson 6: the training loop, per-example, mini-batch or full-batch gradient descent."""

import numpy as np

from .lesson02_forward import forward, init_params
from .lesson03_loss import bce_loss
from .lesson04_backward import backward
from .lesson05_update import update


def train(X, Y, *, n_h=32, epochs=50, lr=0.01, batch_size=1, seed=0, on_epoch=None):
    """Train the network on X, Y by gradient descent; return (params, losses).

    Algorithm (batch_size=1 is the seed experiment's: one update per example):

        params = init_params(n_x, n_h, n_y, seed)
        rng = np.random.default_rng(seed)
        repeat epochs times:
            order = rng.permutation(m)                  # a new shuffle each epoch
            for each slice of batch_size positions in order (the last may be shorter):
                forward, backward and update on those columns of X and Y
            losses.append(mean loss of the whole training set with the new params)

    batch_size >= m is full-batch gradient descent: one step per epoch.

    Args:
        X: inputs, shape (n_x, m).
        Y: labels, shape (n_y, m), 0.0 or 1.0.
        n_h: hidden units.
        epochs: passes over the training set.
        lr: learning rate.
        batch_size: examples per update (1: per example; >= m: full batch).
        seed: seeds init_params and the shuffling generator.
        on_epoch: optional; if given, call on_epoch(epoch, loss) after each epoch
            (the progress bar of lesson 7 uses it).

    Returns:
        params: the trained dict (W1, b1, W2, b2).
        losses: a list of `epochs` floats, losses[e] the mean loss on all of
            X, Y after epoch e. Every example is used once per epoch.
    """
    ### BEGIN SOLUTION
    n_x, m = X.shape
    params = init_params(n_x, n_h, Y.shape[0], seed=seed)
    rng = np.random.default_rng(seed)
    losses = []
    for epoch in range(epochs):
        order = rng.permutation(m)
        X_shuffled, Y_shuffled = X[:, order], Y[:, order]
        for start in range(0, m, batch_size):
            X_batch = X_shuffled[:, start:start + batch_size]
            Y_batch = Y_shuffled[:, start:start + batch_size]
            _, cache = forward(X_batch, params)
            params = update(params, backward(X_batch, Y_batch, params, cache), lr)
        A2, _ = forward(X, params)
        losses.append(bce_loss(A2, Y))
        if on_epoch is not None:
            on_epoch(epoch, losses[-1])
    return params, losses
    ### END SOLUTION
