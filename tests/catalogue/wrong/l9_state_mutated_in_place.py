"""Updates the state's arrays in place (v[name] *= ...) and t in the given dict."""
import numpy as np

LESSON = 9
EXPECT = 'in place'


def step(params, grads, state, *, method="adam", lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if method not in ("sgd", "momentum", "rmsprop", "adam"):
        raise ValueError(f"unknown method {method!r}: use sgd, momentum, rmsprop or adam")
    state["t"] += 1
    t = state["t"]
    new = {}
    for name, P in params.items():
        dP = grads["d" + name]
        v, s = state["v"][name], state["s"][name]
        if method in ("momentum", "adam"):
            v *= beta1
            v += (1 - beta1) * dP
        if method in ("rmsprop", "adam"):
            s *= beta2
            s += (1 - beta2) * dP ** 2
        if method == "sgd":
            new[name] = P - lr * dP
        elif method == "momentum":
            new[name] = P - lr * v
        elif method == "rmsprop":
            new[name] = P - lr * dP / (np.sqrt(s) + eps)
        else:
            new[name] = P - lr * (v / (1 - beta1 ** t)) / (np.sqrt(s / (1 - beta2 ** t)) + eps)
    return new, state
