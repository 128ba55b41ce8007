"""init_state with np.zeros(P.shape); step deep-copies the state and updates the copies in place."""
import numpy as np
import copy

LESSON = 9


def init_state(params):
    state = {"t": 0, "v": {}, "s": {}}
    for name in params:
        state["v"][name] = np.zeros(params[name].shape)
        state["s"][name] = np.zeros(params[name].shape)
    return state


def step(params, grads, state, *, method="adam", lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if method not in ["sgd", "momentum", "rmsprop", "adam"]:
        raise ValueError("unknown method " + repr(method) + "; expected sgd, momentum, rmsprop or adam")
    state = copy.deepcopy(state)
    state["t"] += 1
    new = {}
    for name in params:
        g = grads["d" + name]
        if method in ("momentum", "adam"):
            state["v"][name] *= beta1
            state["v"][name] += (1 - beta1) * g
        if method in ("rmsprop", "adam"):
            state["s"][name] *= beta2
            state["s"][name] += (1 - beta2) * g * g
        if method == "sgd":
            update = g
        elif method == "momentum":
            update = state["v"][name]
        elif method == "rmsprop":
            update = g / (np.sqrt(state["s"][name]) + eps)
        else:
            m_hat = state["v"][name] / (1 - beta1 ** state["t"])
            v_hat = state["s"][name] / (1 - beta2 ** state["t"])
            update = m_hat / (np.sqrt(v_hat) + eps)
        new[name] = params[name] - lr * update
    return new, state
