"""Lesson 2: initialising the parameters and the forward pass of a 784-32-1 network."""

import numpy as np

from .lesson01_sigmoid import sigmoid


def init_params(n_x, n_h, n_y=1, seed=0):
    """Small random weights and zero biases for a network n_x -> n_h -> n_y.

    Args:
        n_x: inputs per example (784 for a 28x28 image).
        n_h: hidden units (32 in the course).
        n_y: output units (1 in the course: the network's estimate of the
            probability that the digit is a 5).
        seed: the same seed must give the same parameters; another seed, others.

    Returns:
        A dict of float64 arrays:
          "W1": (n_h, n_x)   "b1": (n_h, 1)
          "W2": (n_y, n_h)   "b2": (n_y, 1)

    Rules: weights random and never all equal (identical hidden units would
    learn identical things forever); their scale at most about 1/sqrt(fan_in),
    where fan_in is the number of inputs of the layer (n_x for W1, n_h for W2),
    so that no sigmoid starts saturated; biases zero (or small).
    Use a generator of your own, np.random.default_rng(seed), not the global
    np.random state.

    Guide: docs/lessons/02-forward.md; stuck: `python -m checks hint 2`.
    """
    raise NotImplementedError(
        'lesson 2 not started: write init_params() in lessons/lesson02_forward.py, then run `python -m checks 2` (guide: docs/lessons/02-forward.md)')


def forward(X, params):
    """The forward pass for m examples at once, one example per column.

        Z1 = W1 X + b1      (n_h, m)     b1 is added to every column
        A1 = sigma(Z1)      (n_h, m)
        Z2 = W2 A1 + b2     (n_y, m)
        A2 = sigma(Z2)      (n_y, m)     the network's estimate that each image is a 5

    Args:
        X: inputs, shape (n_x, m).
        params: the dict of `init_params`.

    Returns:
        (A2, cache) where cache is a dict {"Z1", "A1", "Z2", "A2"} of the four
        arrays above; `backward` (lesson 4) needs them. `@` is matrix product;
        NumPy broadcasting adds the (n_h, 1) bias to each of the m columns.
    """
    raise NotImplementedError(
        'lesson 2 not started: write forward() in lessons/lesson02_forward.py, then run `python -m checks 2` (guide: docs/lessons/02-forward.md)')
