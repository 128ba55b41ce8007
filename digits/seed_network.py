"""The seed's network trained with the validation accuracy after every epoch (lesson 10's `compare`).

Lesson 6's `train` reports only the training loss; `compare` also needs the seed network's
validation accuracy after each epoch. This is the seed report's Algorithm 1 (per-example
gradient descent, a new shuffle every epoch) written once, outside the lessons, with the
lesson functions passed in: `compare` passes the ones of your own lessons 2-5.
"""

import numpy as np


def train_with_validation(X, Y, X_val, Y_val, *, init_params, forward, backward, update, bce_loss,
                          n_h=32, lr=0.01, batch_size=1, epochs=50, seed=0):
    """(params, {"loss": [...], "val_accuracy": [...]}) after each epoch."""
    params = init_params(X.shape[0], n_h, Y.shape[0], seed=seed)
    rng = np.random.default_rng([seed, 1])
    history = {"loss": [], "val_accuracy": []}
    for _ in range(epochs):
        shuffled = rng.permutation(X.shape[1])
        for batch in np.array_split(shuffled, range(batch_size, len(shuffled), batch_size)):
            _, cache = forward(X[:, batch], params)
            params = update(params, backward(X[:, batch], Y[:, batch], params, cache), lr)
        history["loss"].append(float(bce_loss(forward(X, params)[0], Y)))
        history["val_accuracy"].append(float(np.mean((forward(X_val, params)[0] >= 0.5) == (Y_val == 1))))
    return params, history  # as lesson 10's compare reports it
