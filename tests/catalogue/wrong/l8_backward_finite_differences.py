"""No backpropagation: each gradient entry is a sixth-order central difference of the loss of the learner's
own forward_deep (X is cache["A0"]); six forward passes per parameter. Hypothesis finds a hidden Z within a
step of ReLU's kink first; the cost check rejects it too (tests/test_verdicts.py)."""
import numpy as np
from .lesson03_loss import bce_loss

LESSON = 8


def backward_deep(Y, params, cache):
    X = cache["A0"]

    def loss_at(name, index, step):
        changed = dict(params)
        changed[name] = params[name].copy()
        changed[name][index] += step
        return bce_loss(forward_deep(X, changed)[0], Y)

    grads = {}
    h = 2e-4  # small: a step across a ReLU kink would spoil the difference
    for name, value in params.items():
        gradient = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            gradient[index] = (45 * (loss_at(name, index, h) - loss_at(name, index, -h))
                               - 9 * (loss_at(name, index, 2 * h) - loss_at(name, index, -2 * h))
                               + (loss_at(name, index, 3 * h) - loss_at(name, index, -3 * h))) / (60 * h)
        grads["d" + name] = gradient
    return grads
