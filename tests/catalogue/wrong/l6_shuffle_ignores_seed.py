"""The shuffle generator is seeded with a fixed 42: init_params follows the seed, the shuffles do not."""
import numpy as np

LESSON = 6
EXPECT = "ignore the seed"


def train(X, Y, *, n_h=32, epochs=50, lr=0.01, batch_size=1, seed=0, on_epoch=None):
    n_x, m = X.shape
    params = init_params(n_x, n_h, Y.shape[0], seed=seed)
    rng = np.random.default_rng(42)
    losses = []
    for epoch in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            _, cache = forward(X[:, idx], params)
            params = update(params, backward(X[:, idx], Y[:, idx], params, cache), lr)
        A2, _ = forward(X, params)
        losses.append(bce_loss(A2, Y))
        if on_epoch is not None:
            on_epoch(epoch, losses[-1])
    return params, losses
