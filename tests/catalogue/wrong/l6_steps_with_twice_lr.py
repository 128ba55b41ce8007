"""Steps with twice the learning rate: each update gets lr * 2."""
import numpy as np

LESSON = 6
EXPECT = "2 times the step that lr gives"


def train(X, Y, *, n_h=32, epochs=50, lr=0.01, batch_size=1, seed=0, on_epoch=None):
    """Train the network on X, Y by gradient descent; return (params, losses).

    The contract:
      - start from init_params(n_x, n_h, 1, seed): the same seed, the same start;
      - an epoch uses every example exactly once, in a new random order each
        epoch, drawn from a generator made from the seed, but not the same
        stream init_params drew the weights from (e.g. np.random.default_rng(
        [seed, 1]), or np.random.SeedSequence(seed).spawn): two generators
        built from one seed the same way give the same numbers;
      - the examples of an epoch are cut, in that order, into consecutive
        batches of batch_size (the last may be shorter), and every batch is
        one step: forward, backward and update on its columns only;
        batch_size=1 is the seed experiment's one update per example, and
        batch_size >= m is full-batch gradient descent, one step per epoch;
      - after each epoch, record the mean loss on all of X, Y with the
        parameters as they are after that epoch's steps.
    Writing the loop itself is the lesson: its page builds it with you.

    Args:
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m), 0.0 or 1.0 (one output unit: bce_loss
            averages over the m examples, as backward does).
        n_h: hidden units.
        epochs: passes over the training set.
        lr: learning rate.
        batch_size: examples per update (1: per example; >= m: full batch).
        seed: seeds init_params and the shuffles.
        on_epoch: optional; if given, call on_epoch(epoch, loss) after each epoch
            (the progress bar of lesson 7 uses it).

    Returns:
        params: the trained dict (W1, b1, W2, b2).
        losses: a list of `epochs` floats, losses[e] the mean loss on all of
            X, Y after epoch e.

    Guide: docs/lessons/06-train.md; stuck: `python -m checks hint 6`.
    """
    ### BEGIN SOLUTION
    n_x, m = X.shape
    params = init_params(n_x, n_h, Y.shape[0], seed=seed)
    rng = np.random.default_rng([seed, 1])  # the shuffles' own stream, not init_params'
    losses = []
    for epoch in range(epochs):
        order = rng.permutation(m)
        X_shuffled, Y_shuffled = X[:, order], Y[:, order]
        for start in range(0, m, batch_size):
            X_batch = X_shuffled[:, start:start + batch_size]
            Y_batch = Y_shuffled[:, start:start + batch_size]
            _, cache = forward(X_batch, params)
            params = update(params, backward(X_batch, Y_batch, params, cache), lr * 2)
        A2, _ = forward(X, params)
        losses.append(bce_loss(A2, Y))
        if on_epoch is not None:
            on_epoch(epoch, losses[-1])
    return params, losses
