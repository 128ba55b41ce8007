"""Always one example per step: batch_size is accepted but never used."""
import numpy as np

LESSON = 6


def train(X, Y, *, n_h=32, epochs=50, lr=0.01, batch_size=1, seed=0, on_epoch=None):
    n_x, m = X.shape
    params = init_params(n_x, n_h, Y.shape[0], seed=seed)
    rng = np.random.default_rng([seed, 1])
    losses = []
    for epoch in range(epochs):
        for i in rng.permutation(m):
            x, y = X[:, [i]], Y[:, [i]]
            _, cache = forward(x, params)
            params = update(params, backward(x, y, params, cache), lr)
        A2, _ = forward(X, params)
        losses.append(bce_loss(A2, Y))
        if on_epoch is not None:
            on_epoch(epoch, losses[-1])
    return params, losses
