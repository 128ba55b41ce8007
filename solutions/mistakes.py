"""The values the course's common mistakes give, computed beside the reference they are built from.

The checks reach this module only through checks/reference.py (`reference.mistakes()`), as they
reach the reference: the full grader runs it, a student release stores what it returned for the
checks' inputs (record mode) and ships no line of it, so no shipped check file holds a formula.

Each function takes a check's inputs and returns {mistake id: the value that mistake gives}. For a
function with several outputs the value is a dict of the outputs the mistake changes ({"dW1": ...,
"db1": ...}); an output it leaves right is absent. The words for each id are the grader's
(checks/mistakes.py, CATALOGUE); an id with a parameter is written "id@parameter".
"""

import numpy as np

from .lesson01_sigmoid import sigmoid, sigmoid_prime
from .lesson02_forward import forward as reference_forward
from .lesson03_loss import bce_loss as reference_loss
from .lesson08_deep import relu, relu_prime

LOSS_EPS_TOO_LARGE = (1e-1, 1e-2, 1e-3, 1e-4, 1e-5)  # clipping eps a learner tries; 1e-15 to 1e-7 are right
LOSS_EPS_ADDED = (1e-7, 1e-8, 1e-9, 1e-10, 1e-12, 1e-15)


# --- lesson 1 ----------------------------------------------------------------------------------

def sigmoid_mistakes(z):
    z = np.asarray(z, dtype=np.float64)
    return {"sigmoid.sign": sigmoid(-z), "sigmoid.not_squashed": np.exp(-np.clip(z, -700, 700))}


def sigmoid_prime_mistakes(z):
    z = np.asarray(z, dtype=np.float64)
    s = sigmoid(z)
    with np.errstate(all="ignore"):
        of_z = z * (1 - z)
    return {"sigmoid_prime.is_sigmoid": s, "sigmoid_prime.of_z": of_z, "sigmoid_prime.plus": s * (1 + s),
            "sigmoid_prime.one_minus": 1 - s}


# --- lesson 2 ----------------------------------------------------------------------------------

def forward_mistakes(X, params):
    """{id: {"A2": ..., "A1": ...}}: the outputs each mistake of forward changes."""
    _, cache = reference_forward(X, params)
    W2, b2, Z1 = params["W2"], params["b2"], cache["Z1"]

    def with_hidden(A1):
        return {"A2": sigmoid(W2 @ A1 + b2), "A1": A1}

    no_b1 = sigmoid(W2 @ sigmoid(params["W1"] @ X) + b2)
    return {
        "forward.no_output_sigmoid": {"A2": cache["Z2"]},
        "forward.no_biases": {"A2": sigmoid(W2 @ sigmoid(params["W1"] @ X))},
        "forward.no_b1": {"A2": no_b1},
        "forward.no_b2": {"A2": sigmoid(W2 @ cache["A1"])},
        "forward.output_from_Z1": with_hidden(Z1),
        "forward.relu_hidden": with_hidden(np.maximum(Z1, 0)),
        "forward.tanh_hidden": with_hidden(np.tanh(Z1)),
    }


# --- lesson 3 ----------------------------------------------------------------------------------

def bce_loss_mistakes(A2, Y):
    P = np.clip(A2, 1e-12, 1 - 1e-12)
    right = Y * np.log(P) + (1 - Y) * np.log(1 - P)
    return {
        "bce_loss.swapped": -np.mean(Y * np.log(1 - P) + (1 - Y) * np.log(P)),
        "bce_loss.log_a_twice": -np.mean(np.log(P)),
        "bce_loss.log_one_minus_a_twice": -np.mean(np.log(1 - P)),
        "bce_loss.only_y_term": -np.mean(Y * np.log(P)),
        "bce_loss.no_minus": np.mean(right),
        "bce_loss.log10": -np.mean(right) / np.log(10),
        **{f"bce_loss.eps_too_large@{eps:g}": reference_loss(np.clip(A2, eps, 1 - eps), Y)
           for eps in LOSS_EPS_TOO_LARGE},
    }


def bce_loss_eps_added(A2, Y):
    """The losses with eps added inside the logs (log(A2 + eps)) for the eps the course allows: a
    few ulps from the reference's, so a check compares them far more tightly than a named mistake."""
    losses = []
    for eps in LOSS_EPS_ADDED:
        for term in ((1.0 - A2) + eps, 1.0 - (A2 + eps), 1.0 - A2):
            with np.errstate(all="ignore"):
                loss = -np.mean(Y * np.log(A2 + eps) + (1 - Y) * np.log(term))
            if np.isfinite(loss):
                losses.append(float(loss))
    return losses


# --- lesson 4 ----------------------------------------------------------------------------------

def backward_mistakes(X, Y, params, cache):
    """{id: the gradients the mistake changes}, from the reference's own steps with one replaced."""
    _, m = X.shape
    A1, A2, Z1 = cache["A1"], cache["A2"], cache["Z1"]
    dZ2 = (A2 - Y) / m
    back = params["W2"].T @ dZ2
    slope = sigmoid_prime(Z1)

    def from_dZ1(dZ1):
        return {"dW1": dZ1 @ X.T, "db1": dZ1.sum(axis=1, keepdims=True)}

    def from_dZ2(dZ2):
        return {"dW2": dZ2 @ A1.T, "db2": dZ2.sum(axis=1, keepdims=True), **from_dZ1((params["W2"].T @ dZ2) * slope)}

    return {
        "backward.squared_error": from_dZ2(dZ2 * A2 * (1 - A2)),
        "backward.no_slope": from_dZ1(back),
        "backward.sigmoid_as_slope": from_dZ1(back * A1),
        "backward.slope_of_A1": from_dZ1(back * sigmoid_prime(A1)),
        "backward.tanh_slope": from_dZ1(back * (1 - A1 ** 2)),
        "backward.bias_axis_0": {"db1": (back * slope).sum(axis=0, keepdims=True),
                                 "db2": dZ2.sum(axis=0, keepdims=True)},
        "backward.bias_sum_all": {"db1": np.full_like(params["b1"], (back * slope).sum()),
                                  "db2": np.full_like(params["b2"], dZ2.sum())},
    }


# --- lesson 5 ----------------------------------------------------------------------------------

def update_mistakes(params, grads, lr):
    """{id: {parameter name: the value the mistake gives}}."""
    return {
        "update.uphill": {name: P + lr * grads["d" + name] for name, P in params.items()},
        "update.not_updated": {name: P for name, P in params.items()},
        "update.no_lr": {name: P - grads["d" + name] for name, P in params.items()},
    }


# --- lesson 9 ----------------------------------------------------------------------------------

def state_mistakes(params, grads, state, *, method, lr, beta1, beta2, eps):
    """{id: {"v": {name: array}, "s": {name: array}}}: the moving averages each mistake of step gives."""
    used = {"sgd": "", "momentum": "v", "rmsprop": "s", "adam": "vs"}[method]
    found = {}
    for key in ("v", "s"):
        for name in params:
            old, dP = state[key][name], grads["d" + name]
            if key in used:
                candidates = {"state.not_updated": old}
                if key == "v":
                    candidates.update({"step.betas_swapped": beta2 * old + (1 - beta2) * dP,
                                       "step.momentum_no_one_minus_beta1": beta1 * old + dP,
                                       "step.momentum_cs231n": beta1 * old - lr * dP})
                else:  # RMSProp has no beta1 of its own to swap with: its mistake is weighing s with beta1
                    candidates["step.betas_swapped" if method == "adam" else "step.rmsprop_beta1"] = \
                        beta1 * old + (1 - beta1) * dP ** 2
            else:
                candidates = {"state.unused_changed": beta1 * old + (1 - beta1) * dP if key == "v"
                              else beta2 * old + (1 - beta2) * dP ** 2}
            for mistake, value in candidates.items():
                found.setdefault(mistake, {}).setdefault(key, {})[name] = value
    return found


def step_mistakes(params, grads, state, *, method, lr, beta1, beta2, eps):
    """{id: {name: the new parameter}}: the parameters each mistake of step gives from the same state.

    Only the mistakes that leave the new state right: the check compares the state first, so a
    mistake in the moving averages is named there (state_mistakes)."""
    t = 1 + state["t"]

    def each(rule):
        return {name: rule(P, grads["d" + name], state["v"][name], state["s"][name]) for name, P in params.items()}

    v = lambda v_, dP: beta1 * v_ + (1 - beta1) * dP
    s = lambda s_, dP: beta2 * s_ + (1 - beta2) * dP ** 2
    found = {}
    if method == "adam":
        found["step.adam_no_bias_correction"] = each(lambda P, dP, v_, s_: P - lr * v(v_, dP) / (np.sqrt(s(s_, dP)) + eps))
        if t > 1:
            found["step.adam_t_after_use"] = each(
                lambda P, dP, v_, s_: P - lr * (v(v_, dP) / (1 - beta1 ** (t - 1)))
                / (np.sqrt(s(s_, dP) / (1 - beta2 ** (t - 1))) + eps))
        found["step.adam_eps_inside_sqrt"] = each(
            lambda P, dP, v_, s_: P - lr * (v(v_, dP) / (1 - beta1 ** t)) / np.sqrt(s(s_, dP) / (1 - beta2 ** t) + eps))
    if method == "rmsprop":
        found["step.rmsprop_eps_inside_sqrt"] = each(lambda P, dP, v_, s_: P - lr * dP / np.sqrt(s(s_, dP) + eps))
    if method in ("momentum", "rmsprop", "adam"):
        found["step.uses_gradient"] = each(lambda P, dP, v_, s_: P - lr * dP)
    return found


# --- lesson 7 ----------------------------------------------------------------------------------

def preprocess_mistakes(images, labels, classes):
    """{id: {"X": ..., "Y": ...}}: what each mistake of preprocess gives."""
    from .lesson07_classifier import preprocess

    X, Y = preprocess(images, labels, classes)
    kept = images[(labels == classes[0]) | (labels == classes[1])]
    return {"preprocess.not_scaled": {"X": X * 255.0}, "preprocess.by_256": {"X": X * 255.0 / 256.0},
            "preprocess.fortran": {"X": kept.transpose(0, 2, 1).reshape(-1, 784).T / 255.0},
            "preprocess.classes_reversed": {"Y": 1.0 - Y}}


# --- lesson 8 ----------------------------------------------------------------------------------

def _depth(params):
    return sum(name.startswith("W") for name in params)


def relu_mistakes(z):
    z = np.asarray(z, dtype=np.float64)
    return {"relu.min": np.minimum(z, 0.0), "relu.abs": np.abs(z), "relu.slope": (z > 0).astype(np.float64)}


def relu_prime_mistakes(z):
    z = np.asarray(z, dtype=np.float64)
    return {"relu_prime.is_relu": relu(z), "relu_prime.inverted": (z < 0).astype(np.float64),
            "relu_prime.sigmoid_slope": sigmoid_prime(z)}


def forward_deep_mistakes(X, params, cache):
    """{id: AL}: the output each mistake of forward_deep gives (cache: the reference's)."""
    L = _depth(params)
    found = {"forward_deep.relu_at_output": relu(cache[f"Z{L}"]), "forward_deep.no_output_sigmoid": cache[f"Z{L}"]}
    if L > 1:
        A = X
        for l in range(1, L + 1):
            A = sigmoid(params[f"W{l}"] @ A + params[f"b{l}"])
        found["forward_deep.sigmoid_hidden"] = A
    if L > 2:
        found["deep.depth_2"] = sigmoid(params["W2"] @ relu(cache["Z1"]) + params["b2"])
    return found


def logistic_regression_mistakes(X, params):
    """forward_deep with one layer: ReLU at the output."""
    return {"forward_deep.relu_at_output": relu(params["W1"] @ X + params["b1"])}


def _backward_deep_from(Y, params, cache, *, output=None, hidden=None, dW_input=None):
    """The reference recursion with one piece replaced: the output's dZ, the hidden slope, or the
    activations a weight's gradient is taken with; {} where the replacement does not fit the shapes."""
    L = _depth(params)
    _, m = Y.shape
    dZ = (cache[f"A{L}"] - Y) / m if output is None else output(cache[f"A{L}"], cache[f"Z{L}"], Y, m)
    grads = {}
    try:
        for l in reversed(range(1, L + 1)):
            A_in = cache[f"A{l - 1}"] if dW_input is None else dW_input(cache, l)
            grads[f"dW{l}"] = dZ @ A_in.T
            grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True)
            if l > 1:
                slope = relu_prime(cache[f"Z{l - 1}"]) if hidden is None else hidden(cache, l - 1)
                dZ = (params[f"W{l}"].T @ dZ) * slope
    except ValueError:
        return {}
    return grads


def backward_deep_mistakes(Y, params, cache):
    """{id: the gradients the mistake gives} (ids whose mistake does not fit the network are absent)."""
    found = {
        "backward_deep.sigmoid_prime_in_relu_layer":
            _backward_deep_from(Y, params, cache, hidden=lambda c, l: sigmoid_prime(c[f"Z{l}"])),
        "backward_deep.sigmoid_slope_from_A":
            _backward_deep_from(Y, params, cache, hidden=lambda c, l: c[f"A{l}"] * (1 - c[f"A{l}"])),
        "backward_deep.no_relu_slope": _backward_deep_from(Y, params, cache, hidden=lambda c, l: 1.0),
        "backward_deep.output_slope":
            _backward_deep_from(Y, params, cache, output=lambda A, Z, Y_, m: (A - Y_) * sigmoid_prime(Z) / m),
        "backward_deep.dW_off_by_one": _backward_deep_from(Y, params, cache, dW_input=lambda c, l: c[f"A{l}"]),
    }
    return {key: grads for key, grads in found.items() if grads}


def backward_deep_at_kink(Y, params, cache, slope=1.0):
    """Not a mistake: the gradients with ReLU's slope at exactly z = 0 taken as `slope` (any slope in
    [0, 1] is right there); None when no hidden Z is exactly 0."""
    L = _depth(params)
    if not any(np.any(cache[f"Z{l}"] == 0) for l in range(1, L)):
        return None
    return _backward_deep_from(Y, params, cache,
                               hidden=lambda c, l: np.where(c[f"Z{l}"] == 0, slope, relu_prime(c[f"Z{l}"])))


def init_deep_scales(fan_in, fan_out, hidden):
    """One layer of init_deep: {"target": the standard deviation its weights must have, "mistakes":
    {named mistake: the standard deviation it gives}} (a ReLU layer if `hidden`, else the output layer)."""
    named = {
        "unit-variance weights (unscaled standard normal): scale by the fan-in": 1.0,
        "Xavier/Glorot's scale sqrt(2 / (fan_in + fan_out)): the course asks for He's in ReLU layers, "
        "which depends on the fan-in only": float(np.sqrt(2.0 / (fan_in + fan_out))),
    }
    if hidden:
        named["the scale of lesson 2, 1/sqrt(fan_in) (LeCun or Xavier for one fan): too small for a ReLU "
              "layer, which zeroes half of what it gets; derive He's scale from the variance"] = float(1.0 / np.sqrt(fan_in))
        named["a fixed 0.01: the signal shrinks layer after layer; scale by the fan-in"] = 0.01
    else:  # (Glorot's scale with one output is He's: the hidden layers tell them apart)
        named = {text: value for text, value in named.items() if not text.startswith("Xavier")}
        named["He's scale at the output: the sigmoid output layer keeps lesson 2's scale"] = float(np.sqrt(2.0 / fan_in))
        named["a fixed 0.01: scale by the fan-in"] = 0.01
    return {"target": float(np.sqrt((2.0 if hidden else 1.0) / fan_in)), "mistakes": named}
