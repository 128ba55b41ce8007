"""Batches cut from a permutation with a list comprehension; the shuffles from a child of the seed's
SeedSequence (spawn), a stream of its own made from the seed."""
import numpy as np

LESSON = 10


def train_deep(X, Y, *, layer_sizes, epochs=20, lr=0.001, batch_size=32, method="adam", seed=0,
               X_val=None, Y_val=None, on_epoch=None):
    m = X.shape[1]
    params = init_deep(layer_sizes, seed=seed)
    opt = init_state(params)
    shuffler = np.random.default_rng(np.random.SeedSequence(seed).spawn(2)[1])
    history = {"loss": [], "val_accuracy": []} if X_val is not None else {"loss": []}
    n_batches = -(-m // batch_size)
    for epoch in range(epochs):
        perm = shuffler.permutation(m)
        for idx in [perm[i * batch_size:(i + 1) * batch_size] for i in range(n_batches)]:
            AL, cache = forward_deep(X[:, idx], params)
            grads = backward_deep(Y[:, idx], params, cache)
            params, opt = step(params, grads, opt, method=method, lr=lr)
        history["loss"].append(bce_loss(forward_deep(X, params)[0], Y))
        if X_val is not None:
            predictions = (forward_deep(X_val, params)[0] >= 0.5).astype(float)
            history["val_accuracy"].append(float((predictions == Y_val).mean()))
        if on_epoch:
            on_epoch(epoch, history["loss"][-1])
    return params, history
