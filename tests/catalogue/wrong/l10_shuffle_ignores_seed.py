"""The reference's loop with its shuffle generator seeded by a constant, default_rng([0, 1]): every seed
shuffles the same way (only init_deep follows the seed)."""
import numpy as np

LESSON = 10
EXPECT = "ignore the seed"


def train_deep(X, Y, *, layer_sizes, epochs=20, lr=0.001, batch_size=32, method="adam", seed=0,
               X_val=None, Y_val=None, on_epoch=None):
    m = X.shape[1]
    params = init_deep(layer_sizes, seed)
    state = init_state(params)
    rng = np.random.default_rng([0, 1])
    history = {"loss": []}
    if X_val is not None:
        history["val_accuracy"] = []
    for epoch in range(epochs):
        order = rng.permutation(m)
        X_shuffled, Y_shuffled = X[:, order], Y[:, order]
        for start in range(0, m, batch_size):
            X_batch, Y_batch = X_shuffled[:, start:start + batch_size], Y_shuffled[:, start:start + batch_size]
            _, cache = forward_deep(X_batch, params)
            params, state = step(params, backward_deep(Y_batch, params, cache), state, method=method, lr=lr)
        AL, _ = forward_deep(X, params)
        history["loss"].append(float(bce_loss(AL, Y)))
        if X_val is not None:
            A_val, _ = forward_deep(X_val, params)
            history["val_accuracy"].append(float(np.mean((A_val >= 0.5) == (Y_val == 1))))
        if on_epoch is not None:
            on_epoch(epoch, history["loss"][-1])
    return params, history
