"""Naming a mistake from the value of a wrong answer: the catalogue of named mistakes and its rule.

The values mistakes give are computed where the reference lives (solutions/mistakes.py, reached
through `reference.mistakes()`), never here; this module holds their words (`CATALOGUE`: id ->
what the learner's value shows, symptom first; the fix is the hint's job, `python -m checks
hint N`) and the rule that decides whether one is named:

    a mistake is named only when the failing input tells it apart: the learner's value matches
    that mistake's value, matches no other candidate's, and is not the expected value.

The candidates are the check's catalogued mistakes plus a few generic patterns tried for every
value (m times too large, 1/m, the sign, transposed, the shape without keepdims). A generic
pattern that gives the same value as a catalogued mistake is that mistake said less precisely,
so it is dropped rather than counted as a rival. When two candidates remain, nothing is named:
on that input they cannot be told apart, and naming one would be a guess.
"""

from typing import Any, Dict, Iterator, Optional, Tuple

import numpy as np

MATCH = dict(rtol=1e-6, atol=1e-9)  # looser than a verdict: a match only has to be unmistakable

# id -> words. Fields filled in when named: {what} (the value's name), {m}, {shape}, {flat} (shapes),
# {name} (a parameter), {param} (the part after "@" in an id such as "bce_loss.eps_too_large@0.01").
CATALOGUE = {
    # generic patterns, tried for every value
    "generic.m_times": "{what} is exactly m = {m} times the expected value: a sum over the examples instead of "
                       "averaging them",
    "generic.divided_twice": "{what} is exactly 1/m = 1/{m} of the expected value: divided by m twice",
    "generic.sign": "{what} has the wrong sign: every value is minus the expected one",
    "generic.transposed": "{what} is transposed: it holds the expected values with rows and columns swapped",
    "generic.no_keepdims": "{what} lost its second axis: shape {flat} where {shape} is expected (a sum without "
                           "keepdims=True drops it)",
    # lesson 1
    "sigmoid.sign": "this is sigmoid(-z): every value is mirrored, 1 - sigmoid(z) (look at the sign in the "
                    "exponent)",
    "sigmoid.not_squashed": "the values are not squashed into (0, 1): they are e^(-z), before the division",
    "sigmoid_prime.is_sigmoid": "this is sigmoid(z) itself, not its derivative",
    "sigmoid_prime.of_z": "this is z * (1 - z): the derivative's formula is applied to z, not to sigma(z)",
    "sigmoid_prime.plus": "this is sigma(z) * (1 + sigma(z)): a plus where the derivative has a minus",
    "sigmoid_prime.one_minus": "this is 1 - sigma(z) alone: a factor of the derivative is missing",
    # lesson 2
    "forward.no_output_sigmoid": "A2 is Z2: the output has no sigmoid",
    "forward.no_biases": "A2 is what the network gives without its biases b1 and b2",
    "forward.no_b1": "A2 is what the network gives without b1: the hidden layer's bias is missing",
    "forward.no_b2": "A2 is what the network gives without b2: the output layer's bias is missing",
    "forward.output_from_Z1": "the output is computed from Z1, the hidden layer before its sigmoid: the output "
                              "layer takes the hidden layer's activations A1",
    "forward.relu_hidden": "the hidden layer uses ReLU, max(Z1, 0), where the course's uses the sigmoid",
    "forward.tanh_hidden": "the hidden layer uses tanh where the course's uses the sigmoid",
    # lesson 3
    "bce_loss.swapped": "the log terms are swapped: y is paired with log(1 - a) and 1 - y with log(a)",
    "bce_loss.log_a_twice": "both terms take log(a): an example with y = 0 is scored as if it were a 1",
    "bce_loss.log_one_minus_a_twice": "both terms take log(1 - a): an example with y = 1 is scored as if it "
                                      "were a 0",
    "bce_loss.only_y_term": "only the y * log(a) term is there: examples with y = 0 add nothing to the loss",
    "bce_loss.no_minus": "the loss is negative: the minus sign in front of the mean is missing",
    "bce_loss.log10": "the loss is ln(10) = 2.303 times too small: np.log10 is the base-10 logarithm, the loss "
                      "uses the natural one",
    "bce_loss.eps_too_large": "this is the loss with the predictions clipped at eps = {param}: that eps is too "
                              "large, it changes predictions that are not near 0 or 1",
    "bce_loss.eps_added": "log(A2 + eps) instead of clipping: adding eps moves every loss a little (and 1 - A2 + eps "
                          "can exceed 1, making a loss negative); clipping A2 to [eps, 1 - eps] changes only "
                          "predictions within eps of 0 or 1",
    # lesson 4
    "backward.squared_error": "every gradient has an extra factor A2 (1 - A2), the output's slope: that is the "
                              "squared-error gradient; with cross-entropy that slope cancels out of dZ2",
    "backward.no_slope": "the sigmoid derivative is missing from the hidden layer: dW1 and db1 are what W2^T dZ2 "
                         "gives without the slope of Z1",
    "backward.sigmoid_as_slope": "the hidden layer is multiplied by sigma(Z1) = A1, the sigmoid itself, where its "
                                 "slope belongs",
    "backward.slope_of_A1": "the hidden slope is taken at A1, sigma'(A1), instead of at Z1",
    "backward.tanh_slope": "the hidden slope is 1 - A1^2, the slope of a hidden layer that uses tanh; the course's "
                           "uses the sigmoid",
    "backward.bias_axis_0": "the bias gradient is summed over the wrong axis: over the units (axis 0), not over "
                            "the examples",
    "backward.bias_sum_all": "the bias gradient is one number repeated, the sum of every entry: the bias gradient "
                             "of each unit is a sum over the examples only",
    # lesson 5
    "update.uphill": "{name} moved up the gradient, to P + lr * dP: gradient descent steps the other way, "
                     "P - lr * dP",
    "update.not_updated": "{name} was not updated: it is still the value it was given",
    "update.no_lr": "{name} moved by the whole gradient, P - dP: the learning rate is missing",
    # lesson 9
    "state.not_updated": "{key} was not updated: method={method!r} keeps a moving average in it",
    "state.unused_changed": "{key} changed although method={method!r} does not use it",
    "step.betas_swapped": "beta1 and beta2 are swapped: beta1 weighs the gradients (v), beta2 their squares (s)",
    "step.momentum_cs231n": "this is the CS231n convention, v = beta1 v - lr dP and P + v: this API's v is the "
                            "moving average of the gradients",
    "step.momentum_no_one_minus_beta1": "v = beta1 v + dP, without the weight 1 - beta1 on the new gradient: "
                                        "this API's v is a moving average",
    "step.uses_gradient": "the step is lesson 5's, made with the gradient itself: method={method!r} steps with its "
                          "moving averages",
    "step.adam_no_bias_correction": "no bias correction: the first steps are too small, since v and s start at 0",
    "step.adam_t_after_use": "t is increased after it is used: the bias correction of step t uses the new t",
    "step.adam_eps_inside_sqrt": "eps is inside the square root: it is added to sqrt(s_hat), not to s_hat",
    "step.rmsprop_eps_inside_sqrt": "eps is inside the square root: it is added to sqrt(s), not to s",
    "step.rmsprop_beta1": "the moving average of squares weighs with beta1: RMSProp's weighs with beta2",
    # lesson 7
    "preprocess.not_scaled": "the pixels are not scaled: X holds 0 to 255 where 0.0 to 1.0 belongs",
    "preprocess.by_256": "the pixels are divided by 256: full ink is 255/256, not 1.0",
    "preprocess.fortran": "each image is flattened column by column (order='F'): its pixels are in the wrong order",
    "preprocess.classes_reversed": "the labels are reversed: digit {first} is labelled 1.0 and digit {second} 0.0",
    # lesson 8
    "relu.min": "this keeps the negative part: the values are min(z, 0)",
    "relu.abs": "this is |z|: negative inputs become -z, not 0.0",
    "relu.slope": "these are the slope's values, 1.0 or 0.0: relu returns z itself where z > 0",
    "relu_prime.is_relu": "this is relu(z) itself, not its slope",
    "relu_prime.inverted": "the slope is 1.0 where z < 0 and 0.0 where z > 0: inverted",
    "relu_prime.sigmoid_slope": "this is the sigmoid's slope: a ReLU layer needs relu_prime",
    "forward_deep.relu_at_output": "ReLU is applied at the output too: the output layer uses the sigmoid",
    "forward_deep.no_output_sigmoid": "AL is ZL: the output layer has no sigmoid",
    "forward_deep.sigmoid_hidden": "the hidden layers use the sigmoid: lesson 8's hidden layers use ReLU",
    "deep.depth_2": "the depth is fixed at 2: read L from layer_sizes or params and loop over the layers",
    "backward_deep.sigmoid_prime_in_relu_layer": "sigma' is used in a ReLU layer: a hidden layer's slope is "
                                                 "relu_prime's",
    "backward_deep.sigmoid_slope_from_A": "the sigmoid's slope A * (1 - A) is used in a ReLU layer: a hidden "
                                          "layer's slope is relu_prime's",
    "backward_deep.no_relu_slope": "the ReLU slope is missing from the hidden layers' dZ",
    "backward_deep.output_slope": "sigma'(ZL) at the output: with the cross-entropy, dZL has no slope factor",
    "backward_deep.dW_off_by_one": "dWl is taken with the layer's own activations (the cache is off by one "
                                   "layer): a weight's gradient uses the activations coming into its layer",
}


def describe(mistake: str, /, **fields: Any) -> str:
    """The words for a catalogued id (fields filled in); a `mistake` that is no id is already words."""
    base, _, param = mistake.partition("@")
    if base not in CATALOGUE:
        return mistake
    return CATALOGUE[base].format(param=param, **fields)


def matches(got: Any, candidate: Any) -> bool:
    """True when `got` has the candidate's shape and values (within MATCH)."""
    try:
        got, candidate = np.asarray(got, dtype=np.float64), np.asarray(candidate, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return got.shape == candidate.shape and bool(np.allclose(got, candidate, **MATCH))


def for_output(found: Dict[str, Any], output: str) -> Dict[str, Any]:
    """{id: value of `output`} from {id: {output: value, ...}}: the mistakes that change `output`."""
    return {key: values[output] for key, values in found.items() if output in values}


def name_mistake(got: Any, expected: Any, known: Optional[Dict[str, Any]] = None, *,
                 m: Optional[int] = None, what: str = "the result", **fields: Any) -> Optional[str]:
    """The words of the one candidate mistake whose value `got` matches (see the module's rule), or None.

    `known`: {id or words: the value that mistake gives on this input}; `fields` fill the words in.
    """
    expected = np.asarray(expected, dtype=np.float64)
    known = {key: value for key, value in (known or {}).items()
             if value is not None and not matches(expected, value)}
    generic = [(key, value) for key, value in _generic(expected, m)
               if not matches(expected, value) and not any(matches(value, other) for other in known.values())]
    found = [key for key, value in [*known.items(), *generic] if matches(got, value)]
    if len(found) != 1:
        return None
    shape = tuple(expected.shape)
    return describe(found[0], what=what, m=m, shape=shape, flat=shape[:1], **fields)


def _generic(expected: np.ndarray, m: Optional[int]) -> Iterator[Tuple[str, np.ndarray]]:
    if m is not None and m > 1:
        yield "generic.m_times", expected * m
        yield "generic.divided_twice", expected / m
    yield "generic.sign", -expected
    if expected.ndim == 2:
        yield "generic.transposed", expected.T
        if expected.shape[1] == 1:
            yield "generic.no_keepdims", expected[:, 0]
