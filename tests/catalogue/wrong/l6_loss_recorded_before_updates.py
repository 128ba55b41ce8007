"""Records the training loss at the start of each epoch, before its updates: losses[e] lags one epoch."""
import numpy as np

LESSON = 6
EXPECT = 'after each epoch'


def train(X, Y, *, n_h=32, epochs=50, lr=0.01, batch_size=1, seed=0, on_epoch=None):
    n_x, m = X.shape
    params = init_params(n_x, n_h, Y.shape[0], seed=seed)
    rng = np.random.default_rng([seed, 1])
    losses = []
    for epoch in range(epochs):
        A2, _ = forward(X, params)
        losses.append(bce_loss(A2, Y))
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            _, cache = forward(X[:, idx], params)
            params = update(params, backward(X[:, idx], Y[:, idx], params, cache), lr)
        if on_epoch is not None:
            on_epoch(epoch, losses[-1])
    return params, losses
