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
    ### BEGIN SOLUTION
    return {"t": 0,
            "v": {name: np.zeros_like(P, dtype=np.float64) for name, P in params.items()},
            "s": {name: np.zeros_like(P, dtype=np.float64) for name, P in params.items()}}
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    t = state["t"] + 1
    v, s = dict(state["v"]), dict(state["s"])
    new = {}
    for name, P in params.items():
        dP = grads["d" + name]
        if method == "sgd":
            new[name] = P - lr * dP
        elif method == "momentum":
            v[name] = beta1 * v[name] + (1 - beta1) * dP
            new[name] = P - lr * v[name]
        elif method == "rmsprop":
            s[name] = beta2 * s[name] + (1 - beta2) * dP ** 2
            new[name] = P - lr * dP / (np.sqrt(s[name]) + eps)
        else:
            v[name] = beta1 * v[name] + (1 - beta1) * dP
            s[name] = beta2 * s[name] + (1 - beta2) * dP ** 2
            v_hat = v[name] / (1 - beta1 ** t)
            s_hat = s[name] / (1 - beta2 ** t)
            new[name] = P - lr * v_hat / (np.sqrt(s_hat) + eps)
    return new, {"t": t, "v": v, "s": s}
    ### END SOLUTION
