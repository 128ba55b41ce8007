"""No backpropagation: each gradient entry is a central difference of the loss of the learner's own forward
pass, Richardson-extrapolated (a sixth-order stencil, error about 1e-13), so it matches the reference; it costs
six forward passes per parameter, 150,000 for 784-32-1. Where lesson 2's forward is answered through the pipe
(the full grader) it runs out of time on the first check; in a student release the cost check rejects it
(tests/test_verdicts.py shows that check's message)."""
import numpy as np
from .lesson02_forward import forward
from .lesson03_loss import bce_loss

LESSON = 4


def backward(X, Y, params, cache):
    def loss_at(name, index, step):
        changed = dict(params)
        changed[name] = params[name].copy()
        changed[name][index] += step
        return bce_loss(forward(X, changed)[0], Y)

    grads = {}
    h = 1e-2
    for name, value in params.items():
        gradient = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            gradient[index] = (45 * (loss_at(name, index, h) - loss_at(name, index, -h))
                               - 9 * (loss_at(name, index, 2 * h) - loss_at(name, index, -2 * h))
                               + (loss_at(name, index, 3 * h) - loss_at(name, index, -3 * h))) / (60 * h)
        grads["d" + name] = gradient
    return grads
