"""The shuffles from a child of the seed's SeedSequence (np.random.SeedSequence(seed).spawn): a stream
of their own, made from the seed, as the contract suggests."""
import numpy as np

LESSON = 6


def train(X, Y, *, n_h=32, epochs=50, lr=0.01, batch_size=1, seed=0, on_epoch=None):
    n_x, m = X.shape
    params = init_params(n_x, n_h, Y.shape[0], seed=seed)
    shuffles = np.random.default_rng(np.random.SeedSequence(seed).spawn(1)[0])
    losses = []
    for epoch in range(epochs):
        order = shuffles.permutation(m)
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            _, cache = forward(X[:, idx], params)
            params = update(params, backward(X[:, idx], Y[:, idx], params, cache), lr)
        losses.append(bce_loss(forward(X, params)[0], Y))
        if on_epoch is not None:
            on_epoch(epoch, losses[-1])
    return params, losses
