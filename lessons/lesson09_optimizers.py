"""Lesson 9: optimizers that remember: momentum, RMSProp and Adam.

Lesson 5's step moved every parameter by lr times its gradient and forgot it at once.
The optimizers here keep a state between steps: a moving average of the gradients
("v", momentum's velocity), a moving average of their squares ("s", RMSProp's scale),
or both (Adam), and the step count "t". Guide: docs/lessons/09-optimizers.md; stuck?
`python -m checks hint 9`.
"""

import numpy as np

METHODS = ("sgd", "momentum", "rmsprop", "adam")


def init_state(params):
    """The optimizer's state before the first step.

    Args:
        params: the parameter dict (W1, b1, ..., any number of layers).

    Returns:
        {"t": 0, "v": {name: zeros like params[name]}, "s": {name: zeros like
        params[name]}} with an entry for every parameter name, float64 arrays of its
        shape; `params` is not modified.
    """
    raise NotImplementedError(
        'lesson 9 not started: write init_state() in lessons/lesson09_optimizers.py, then run `python -m checks 9` (guide: docs/lessons/09-optimizers.md)')


def step(params, grads, state, *, method="adam", lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """One optimizer step for every parameter; returns (new_params, new_state).

    The methods (the page derives each and the bias correction of Adam):
      "sgd":      lesson 5's step, P - lr dP.
      "momentum": steps along v, the exponential moving average of the gradients with
                  weight beta1 (the moving-average form: v stays on the gradient's
                  scale, it is not multiplied by lr).
      "rmsprop":  divides each coordinate's gradient by the root of s, the moving
                  average of the squared gradients with weight beta2, with eps added to
                  that root (not inside it).
      "adam":     both averages, each corrected for its start at zero (the correction
                  uses the step count t), and the step of RMSProp's shape.

    Rules:
      - t counts the steps taken: it is increased first, so the first step uses t = 1.
      - v and s are updated only by the methods that use them; the others leave them
        as they were.
      - params, grads and state are never modified: return new dicts and new arrays
        (the caller may still hold the old state).
      - an unknown method is a ValueError whose message names the four methods.

    Args:
        params: {name: array}, e.g. W1, b1, ..., WL, bL.
        grads: {"d" + name: array of the parameter's shape}.
        state: the dict of `init_state` or of the previous `step`.
        method: "sgd", "momentum", "rmsprop" or "adam".
        lr: the learning rate.
        beta1: the weight of the past in v, the average of the gradients.
        beta2: the weight of the past in s, the average of the squared gradients.
        eps: added to the square root of s before dividing by it.

    Returns:
        (new_params, new_state), new_state of the same form as `init_state`'s.
    """
    raise NotImplementedError(
        'lesson 9 not started: write step() in lessons/lesson09_optimizers.py, then run `python -m checks 9` (guide: docs/lessons/09-optimizers.md)')
