"""One small function per method, picked from a dict; KeyError turned into ValueError."""
import numpy as np

LESSON = 9


def step(params, grads, state, *, method="adam", lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    t = state["t"] + 1
    v, s = dict(state["v"]), dict(state["s"])

    def sgd(name, P, dP):
        return P - lr * dP

    def momentum(name, P, dP):
        v[name] = beta1 * v[name] + (1.0 - beta1) * dP
        return P - lr * v[name]

    def rmsprop(name, P, dP):
        s[name] = beta2 * s[name] + (1.0 - beta2) * np.square(dP)
        return P - lr * dP / (np.sqrt(s[name]) + eps)

    def adam(name, P, dP):
        v[name] = beta1 * v[name] + (1.0 - beta1) * dP
        s[name] = beta2 * s[name] + (1.0 - beta2) * np.square(dP)
        return P - lr * (v[name] / (1.0 - beta1 ** t)) / (np.sqrt(s[name] / (1.0 - beta2 ** t)) + eps)

    try:
        rule = {"sgd": sgd, "momentum": momentum, "rmsprop": rmsprop, "adam": adam}[method]
    except KeyError:
        raise ValueError("method must be one of: sgd, momentum, rmsprop, adam") from None
    return {name: rule(name, P, grads["d" + name]) for name, P in params.items()}, {"t": t, "v": v, "s": s}
