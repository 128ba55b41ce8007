"""Momentum with v = beta1 v + dP (no 1 - beta1 on the new gradient)."""
import numpy as np

LESSON = 9
MISTAKE = "step.momentum_no_one_minus_beta1"  # the catalogued mistake it plants (checks/mistakes.py)


def step(params, grads, state, *, method="adam", lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if method not in ("sgd", "momentum", "rmsprop", "adam"):
        raise ValueError(f"unknown method {method!r}: use sgd, momentum, rmsprop or adam")
    t = state["t"] + 1
    v = {name: value.copy() for name, value in state["v"].items()}
    s = {name: value.copy() for name, value in state["s"].items()}
    new = {}
    for name, P in params.items():
        dP = grads["d" + name]
        if method == "sgd":
            new[name] = P - lr * dP
        elif method == "momentum":
            v[name] = beta1 * v[name] + dP
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
