"""Accumulates the per-example gradients over the epoch and updates once at its end (full batch always)."""
import numpy as np

LESSON = 6
EXPECT = 'every batch'


def train(X, Y, *, n_h=32, epochs=50, lr=0.01, batch_size=1, seed=0, on_epoch=None):
    n_x, m = X.shape
    params = init_params(n_x, n_h, Y.shape[0], seed=seed)
    rng = np.random.default_rng([seed, 1])
    losses = []
    for epoch in range(epochs):
        order = rng.permutation(m)
        total = {"d" + name: np.zeros_like(P) for name, P in params.items()}
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            _, cache = forward(X[:, idx], params)
            grads = backward(X[:, idx], Y[:, idx], params, cache)
            for key in total:
                total[key] += grads[key] * len(idx) / m
        params = update(params, total, lr)
        A2, _ = forward(X, params)
        losses.append(bce_loss(A2, Y))
        if on_epoch is not None:
            on_epoch(epoch, losses[-1])
    return params, losses
