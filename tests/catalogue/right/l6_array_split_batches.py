"""Mini-batches from np.array_split(order, cut points every batch_size): the same slices, last one shorter.
The shuffles come from default_rng(seed + 1): made from the seed, not init_params' stream default_rng(seed)."""
import numpy as np

LESSON = 6


def train(X, Y, *, n_h=32, epochs=50, lr=0.01, batch_size=1, seed=0, on_epoch=None):
    n_x, m = X.shape
    params = init_params(n_x, n_h, Y.shape[0], seed=seed)
    rng = np.random.default_rng(seed + 1)
    losses = []
    for epoch in range(epochs):
        order = rng.permutation(m)
        for batch in np.array_split(order, np.arange(batch_size, m, batch_size)):
            _, cache = forward(X[:, batch], params)
            params = update(params, backward(X[:, batch], Y[:, batch], params, cache), lr)
        loss = bce_loss(forward(X, params)[0], Y)
        losses.append(loss)
        if on_epoch is not None:
            on_epoch(epoch, loss)
    return params, losses
