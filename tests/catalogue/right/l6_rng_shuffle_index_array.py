"""Shuffles an index array in place each epoch with rng.shuffle, and slices the batches from it; the
generator is the legacy np.random.RandomState(seed), a stream other than init_params' default_rng(seed)."""
import numpy as np

LESSON = 6


def train(X, Y, *, n_h=32, epochs=50, lr=0.01, batch_size=1, seed=0, on_epoch=None):
    n_x, m = X.shape
    params = init_params(n_x, n_h, Y.shape[0], seed=seed)
    rng = np.random.RandomState(seed)
    indices = np.arange(m)
    losses = []
    for epoch in range(epochs):
        rng.shuffle(indices)
        for start in range(0, m, batch_size):
            batch = indices[start:start + batch_size]
            X_batch, Y_batch = X[:, batch], Y[:, batch]
            A2, cache = forward(X_batch, params)
            grads = backward(X_batch, Y_batch, params, cache)
            params = update(params, grads, lr)
        A2, _ = forward(X, params)
        losses.append(bce_loss(A2, Y))
        if on_epoch:
            on_epoch(epoch, losses[-1])
    return params, losses
