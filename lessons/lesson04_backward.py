"""Lesson 4: backpropagation, the gradient of the mean loss for every parameter."""

from .lesson01_sigmoid import sigmoid_prime


def backward(X, Y, params, cache):
    """The gradients of the mean binary cross-entropy with respect to W1, b1, W2, b2.

    Work backwards through the forward pass with the chain rule (the sigmoid and
    the cross-entropy combine so that dL/dZ2 is simply A2 - Y per example):

        dZ2 = (A2 - Y) / m                      (n_y, m)
        dW2 = dZ2 A1^T                          (n_y, n_h)
        db2 = sum of dZ2 over the examples      (n_y, 1)
        dZ1 = (W2^T dZ2) * sigma'(Z1)           (n_h, m)   elementwise *
        dW1 = dZ1 X^T                           (n_h, n_x)
        db1 = sum of dZ1 over the examples      (n_h, 1)

    The 1/m makes each gradient the average over the m examples, so the step
    size does not depend on the batch size.

    Args:
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m).
        params: W1, b1, W2, b2.
        cache: Z1, A1, Z2, A2 from `forward(X, params)`.

    Returns:
        A dict {"dW1", "db1", "dW2", "db2"}, each float64 and shaped like its
        parameter. Use np.sum(..., axis=1, keepdims=True) for the biases.
    """
    raise NotImplementedError(
        'lesson 4 not started: write backward() in lessons/lesson04_backward.py, then run `python -m checks 4` (guide: docs/lessons/04-backward.md)')
