"""Lesson 4: backpropagation, the gradient of the mean loss for every parameter."""

import numpy as np

from .lesson01_sigmoid import sigmoid_prime


def numerical_gradient(f, x, h=1e-5):
    """The central-difference estimate of the gradient of a scalar function f at x.

    Args:
        f: a function that takes a float64 array of x's shape and returns one number.
        x: a float64 array of any shape (0-d included).
        h: the step, a small positive number.

    Returns:
        A new float64 array of exactly x's shape: entry i is
        (f(x + h e_i) - f(x - h e_i)) / (2 h), where e_i is the array of x's
        shape with a 1 at entry i and 0 everywhere else. x is unchanged when it
        returns (the same values, to the last bit).

    Change one entry at a time and call f twice, once a step above and once a
    step below. np.ndindex(x.shape) visits every index of an array of any
    shape, 0-d included. Work on a copy of x, or put back the saved value
    x[i] = old: adding h and then subtracting it does not always give the same
    float back. Use this to check your `backward` (the lesson page shows how):
    f = a function of one parameter array that returns the loss.

    Guide: docs/lessons/04-backward.md; stuck: `python -m checks hint 4`.
    """
    # grad = ...              # a new float64 array of x's shape
    # for i in ...:           # every index of x, 0-d included
    #     above = ...         # a copy of x with h added at entry i
    #     below = ...         # a copy of x with h subtracted at entry i
    #     grad[i] = ...       # the slope between f(below) and f(above)
    # return grad
    raise NotImplementedError(
        'lesson 4 not started: write numerical_gradient() in lessons/lesson04_backward.py, then run `python -m checks 4` (guide: docs/lessons/04-backward.md)')


def backward(X, Y, params, cache):
    """The gradients of the mean binary cross-entropy with respect to W1, b1, W2, b2.

    The loss is the mean over the m examples (lesson 3), so each gradient is the
    average of the m examples' gradients: the batch size alone must not make a
    gradient larger.

    Args:
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m), 0.0 or 1.0.
        params: W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1).
        cache: Z1, A1, Z2, A2 from `forward(X, params)` (lesson 2).

    Returns:
        A new dict {"dW1", "db1", "dW2", "db2"}: dP is the partial derivative
        of the mean loss with respect to P, float64, with exactly the shape of
        P. Inputs are left unchanged.

    Work backwards with the chain rule, one intermediate array per step, from
    the output (dZ2, the gradient with respect to Z2) to the hidden layer
    (dZ1). Derive each step on the lesson page before you code it; the
    comments in the body list the steps and their shapes. `sigmoid_prime` from
    lesson 1 is imported above. A bias is added to every column (every
    example), and its gradient has the bias's own shape.

    Guide: docs/lessons/04-backward.md (derive each step, then check your
    numbers against its worked example); stuck: `python -m checks hint 4`.
    """
    # Your six steps, from the output back (shapes for n_y = 1):
    #   m = ...       # the number of examples
    #   dZ2 = ...     # (1, m)      from the loss through the output sigmoid
    #   dW2 = ...     # (1, n_h)
    #   db2 = ...     # (1, 1)
    #   dZ1 = ...     # (n_h, m)    back through W2, then the hidden sigmoid
    #   dW1 = ...     # (n_h, n_x)
    #   db1 = ...     # (n_h, 1)
    #   return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    raise NotImplementedError(
        'lesson 4 not started: write backward() in lessons/lesson04_backward.py, then run `python -m checks 4` (guide: docs/lessons/04-backward.md)')
