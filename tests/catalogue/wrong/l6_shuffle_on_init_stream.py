"""Shuffles with np.random.default_rng(seed), the very stream init_params drew the weights from: the
contract asks for a stream of its own (default_rng([seed, 1]), SeedSequence(seed).spawn, ...)."""
import numpy as np

LESSON = 6
EXPECT = "own stream"


def train(X, Y, *, n_h=32, epochs=50, lr=0.01, batch_size=1, seed=0, on_epoch=None):
    n_x, m = X.shape
    params = init_params(n_x, n_h, Y.shape[0], seed=seed)
    rng = np.random.default_rng(seed)
    indices = np.arange(m)
    losses = []
    for epoch in range(epochs):
        rng.shuffle(indices)
        for start in range(0, m, batch_size):
            batch = indices[start:start + batch_size]
            _, cache = forward(X[:, batch], params)
            params = update(params, backward(X[:, batch], Y[:, batch], params, cache), lr)
        losses.append(bce_loss(forward(X, params)[0], Y))
        if on_epoch is not None:
            on_epoch(epoch, losses[-1])
    return params, losses
