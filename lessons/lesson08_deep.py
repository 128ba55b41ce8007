"""Lesson 8: ReLU hidden layers and a network of any depth.

The network of lessons 1-7 had one hidden layer of sigmoids. Here the hidden layers use
ReLU and there may be any number of them: `layer_sizes = [n_0, n_1, ..., n_L]` (n_0 = 784
inputs, n_L = 1 output), `params` with keys W1, b1, ..., WL, bL, `Wl` of shape
(n_l, n_{l-1}) and `bl` of shape (n_l, 1). Hidden layers use ReLU, the output layer a
sigmoid, the loss is lesson 3's binary cross-entropy. Guide: docs/lessons/08-deep.md;
stuck? `python -m checks hint 8`.
"""

import numpy as np

from .lesson01_sigmoid import sigmoid


def relu(z):
    """The rectified linear unit, elementwise: z where z is positive, 0.0 elsewhere.

    Args:
        z: a float64 array of any shape (0-d included) or a float.

    Returns:
        A new float64 array of z's shape; never negative; z itself is not modified.
    """
    raise NotImplementedError(
        'lesson 8 not started: write relu() in lessons/lesson08_deep.py, then run `python -m checks 8` (guide: docs/lessons/08-deep.md)')


def relu_prime(z):
    """The slope of ReLU at z, elementwise: 1.0 where z > 0 and 0.0 where z < 0.

    At exactly z = 0 ReLU has no slope; any value in [0, 1] is accepted there (the
    reference uses 0.0).

    Args:
        z: a float64 array of any shape (0-d included) or a float: the pre-activation
            Z, not the activation A.

    Returns:
        A new float64 array of z's shape.
    """
    raise NotImplementedError(
        'lesson 8 not started: write relu_prime() in lessons/lesson08_deep.py, then run `python -m checks 8` (guide: docs/lessons/08-deep.md)')


def init_deep(layer_sizes, seed=0):
    """Random weights and zero biases for a network of len(layer_sizes) - 1 layers.

    Weights are drawn from a normal distribution with mean 0 and a standard deviation
    that keeps the size of the signal steady from layer to layer: He initialisation for
    the ReLU layers (the page derives its standard deviation from the variance of a
    layer's output) and the scale of lesson 2 for the sigmoid output layer, both
    written in terms of the layer's fan-in n_{l-1}. Seeded as in lesson 2: one
    np.random.default_rng(seed), the same seed gives the same parameters.

    Args:
        layer_sizes: [n_0, n_1, ..., n_L], at least two sizes (L >= 1 layers).
        seed: the seed of the generator.

    Returns:
        A dict of float64 arrays "W1", "b1", ..., "WL", "bL": Wl of shape
        (n_l, n_{l-1}), bl of shape (n_l, 1) and all zeros.
    """
    raise NotImplementedError(
        'lesson 8 not started: write init_deep() in lessons/lesson08_deep.py, then run `python -m checks 8` (guide: docs/lessons/08-deep.md)')


def forward_deep(X, params):
    """The forward pass through every layer of `params`, m examples at once.

    Each layer is an affine step followed by its activation: ReLU for the hidden
    layers 1 to L - 1, the sigmoid for the output layer L. The number of layers L is
    read from `params` (it has W1..WL), never fixed.

    Args:
        X: inputs, shape (n_0, m), one example per column.
        params: the dict of `init_deep`.

    Returns:
        (AL, cache): AL of shape (n_L, m), the probability of class 1, and cache a dict
        with "A0" (X itself) and, for l = 1..L, "Zl" (the pre-activation) and "Al"
        (the activation), each (n_l, m). `backward_deep` needs them.
    """
    raise NotImplementedError(
        'lesson 8 not started: write forward_deep() in lessons/lesson08_deep.py, then run `python -m checks 8` (guide: docs/lessons/08-deep.md)')


def backward_deep(Y, params, cache):
    """The gradients of the mean binary cross-entropy for every parameter of every layer.

    Lesson 4's backward pass, for L layers: start at the output (the sigmoid and the
    cross-entropy meet there as in lesson 4), then walk back one layer at a time; each
    layer repeats the same few steps, with the ReLU's slope where lesson 4 had the
    sigmoid's. Deriving the step that takes you from layer l to layer l - 1 is the
    lesson (docs/lessons/08-deep.md); `python -m checks hint 8` if stuck.

    Args:
        Y: labels, shape (1, m), 0.0 or 1.0.
        params: W1, b1, ..., WL, bL (L read from the dict).
        cache: A0, Z1, A1, ..., ZL, AL from `forward_deep(X, params)`; not modified.

    Returns:
        A dict {"dW1", "db1", ..., "dWL", "dbL"} of float64 arrays, each shaped like
        its parameter: the gradient of the *mean* loss over the m examples.
    """
    raise NotImplementedError(
        'lesson 8 not started: write backward_deep() in lessons/lesson08_deep.py, then run `python -m checks 8` (guide: docs/lessons/08-deep.md)')
