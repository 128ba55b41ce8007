"""Hypothesis strategies shared by the checks: the inputs a learner's code will meet.

Sizes stay small (a handful of inputs, hidden units and examples) so a check runs in
milliseconds and a failing input shrinks to something short enough to read; m = 1
and m > 1 are both drawn. Values cover the scales of the course: pixels in [0, 1],
weights of order 1, pre-activations up to +-1000 for the sigmoid.
"""

from functools import lru_cache
from typing import Dict, NamedTuple, Optional

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from . import exam
from .failure import literal

SIZES = st.integers(1, 5)


@lru_cache(maxsize=None)  # strategies are immutable; building one again costs more than the draw
def floats(low: float, high: float) -> st.SearchStrategy:
    return st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False)


@lru_cache(maxsize=None)
def arrays(shape, low: float, high: float) -> st.SearchStrategy:
    """float64 arrays of a fixed shape (or a shape strategy) with values in [low, high]."""
    return hnp.arrays(np.float64, shape, elements=floats(low, high))


def any_shape(max_dims: int = 3, max_side: int = 4) -> st.SearchStrategy:
    """Shapes from () (0-d) to `max_dims` axes of 1 to `max_side`."""
    return hnp.array_shapes(min_dims=0, max_dims=max_dims, min_side=1, max_side=max_side)


@lru_cache(maxsize=None)
def labels(m: int) -> st.SearchStrategy:
    """(1, m) arrays of 0.0 and 1.0."""
    return hnp.arrays(np.float64, (1, m), elements=st.sampled_from([0.0, 1.0]))


@lru_cache(maxsize=None)
def probabilities(m: int, margin: float = 1e-6) -> st.SearchStrategy:
    """(1, m) probabilities kept `margin` away from 0 and 1, where every eps agrees."""
    return arrays((1, m), margin, 1.0 - margin)


# Tried first by the check of bce_loss: (A2, Y) with both labels and one confident prediction (0.95,
# which a large eps clips), so that every catalogued mistake gives a loss of its own (with y = 0 alone,
# swapped terms and log(a) in both terms agree).
TELLING_BATCH = (np.array([[0.95, 0.25, 0.5]]), np.array([[1.0, 0.0, 1.0]]))


class Network(NamedTuple):
    """A small network and a batch for it: X (n_x, m), Y (1, m), params W1 b1 W2 b2."""

    X: np.ndarray
    Y: np.ndarray
    params: Dict[str, np.ndarray]

    @property
    def m(self) -> int:
        return self.X.shape[1]


# Tried first by the checks of forward and backward (an @example): short numbers, both labels, m = 2
# and Z1 = [[1, 0.5], [-1.25, -1.75]] of both signs, so that every catalogued mistake gives values of
# its own (hypothesis's smallest failing input often has Z1 >= 0 or X = 0, where mistakes agree).
TELLING_NETWORK = Network(X=np.array([[0.5, 1.0], [0.0, 0.5]]), Y=np.array([[1.0, 0.0]]),
                          params={"W1": np.array([[1.0, -2.0], [-1.5, 0.5]]), "b1": np.array([[0.5], [-0.5]]),
                                  "W2": np.array([[2.0, -1.0]]), "b2": np.array([[0.25]])})


def _params(draw, n_x: int, n_h: int, weight: float) -> Dict[str, np.ndarray]:
    """W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1), entries in [-weight, weight]."""
    return {
        "W1": draw(arrays((n_h, n_x), -weight, weight)),
        "b1": draw(arrays((n_h, 1), -weight, weight)),
        "W2": draw(arrays((1, n_h), -weight, weight)),
        "b2": draw(arrays((1, 1), -weight, weight)),
    }


@st.composite
def networks(draw, n_x=None, n_h=None, m=None, weight: float = 2.0) -> Network:
    """A batch of inputs in [0, 1], labels, and parameters with entries in [-weight, weight]."""
    n_x = draw(SIZES) if n_x is None else n_x
    n_h = draw(SIZES) if n_h is None else n_h
    m = draw(SIZES) if m is None else m
    params = _params(draw, n_x, n_h, weight)
    return Network(draw(arrays((n_x, m), 0.0, 1.0)), draw(labels(m)), params)


@st.composite
def parameters(draw, weight: float = 2.0) -> Dict[str, np.ndarray]:
    """The parameters of a network alone (W1 b1 W2 b2), without a batch: checks that need no
    inputs draw only these (every array drawn costs about a millisecond)."""
    return _params(draw, draw(SIZES), draw(SIZES), weight)


def random_network(seed: int, n_x: int, n_h: int, m: int, weight: float = 1.0) -> Network:
    """A network drawn from a seeded generator: dense values, no hypothesis shrinking."""
    rng = exam.rng(seed)  # dense values, no shrinking; the exam's (checks/exam.py)
    params = {"W1": rng.uniform(-weight, weight, (n_h, n_x)), "b1": rng.uniform(-weight, weight, (n_h, 1)),
              "W2": rng.uniform(-weight, weight, (1, n_h)), "b2": rng.uniform(-weight, weight, (1, 1))}
    return Network(rng.uniform(0, 1, (n_x, m)), rng.integers(0, 2, (1, m)).astype(np.float64), params)


# --- Lesson 4's numerical_gradient: smooth functions whose gradient is known --------------------

@lru_cache(maxsize=64)
def _compiled(source: str):
    """The lambda of `source` (a SmoothFunction's), compiled once."""
    return eval(source, {"np": np, "__builtins__": {}})


class SmoothFunction(NamedTuple):
    """A smooth scalar function of a float64 array x, written so that its gradient and its central
    differences are known in closed form (computed here, on the trusted side):

        f(x) = sum of the terms, each summed over the entries of x,
               + coupling * sin(sum(weights * x))     (weights has x's shape: every entry matters to every slope)

    A term is (kind, a, k): "sin" a sin(k x + 0.5), "exp" a e^(k x), "cube" a x^3 (k unused).
    """

    terms: tuple
    coupling: float
    weights: np.ndarray

    def source(self) -> str:
        """f as the Python source of a lambda of x and np (exact floats): what the worker evaluates,
        what a failure message and a replay script show."""
        parts = []
        for kind, a, k in self.terms:
            inner = {"sin": f"np.sin({k!r} * x + 0.5)", "exp": f"np.exp({k!r} * x)", "cube": "x ** 3"}[kind]
            if a:  # a term that adds nothing is left out of what the learner reads
                parts.append(f"np.sum({a!r} * {inner})")
        text = " + ".join(parts)
        if self.coupling:  # c * sin(...) or - |c| * sin(...): the same number, read more easily
            sign = " - " if self.coupling < 0 else " + "
            text += f"{sign}{abs(self.coupling)!r} * np.sin(np.sum({literal(self.weights, limit=None)} * x))"
        return "lambda x: " + (text.strip() or "0.0")

    def tolerance(self, x: np.ndarray, h: float) -> float:
        """How far a correct central difference may be from `slopes(x, h)`: rounding in f's values,
        eps |f| / h, with |f| bounded by the sum of the terms' sizes (measured: 4 eps |f| / h at
        most over 3,000 draws, so 64 leaves room; a one-sided difference is off by ~h |f''| / 2)."""
        x = np.asarray(x, dtype=np.float64)
        size = abs(self.coupling) + sum(float(np.sum(np.abs(a * {"sin": np.ones_like(x), "exp": np.exp(k * x),
                                                                "cube": x ** 3}[kind]))) for kind, a, k in self.terms)
        return 64 * np.finfo(np.float64).eps * size / h

    def value(self, x: np.ndarray) -> float:
        """f(x), computed here (for the values that named mistakes would return)."""
        return float(_compiled(self.source())(np.asarray(x, dtype=np.float64)))


    def slopes(self, x: np.ndarray, h: Optional[float] = None) -> np.ndarray:
        """The gradient at x (h None), or the central differences (f(x + h e_i) - f(x - h e_i)) / (2h)
        for every entry i, in closed form: sin(k(x+h)) - sin(k(x-h)) = 2 cos(kx) sin(kh), and so on."""
        def step(function, k):  # function(k h) / h, which tends to k as h -> 0
            return k if h is None else function(k * h) / h

        x = np.asarray(x, dtype=np.float64)
        total = np.zeros(x.shape)
        for kind, a, k in self.terms:
            if kind == "sin":
                total = total + a * np.cos(k * x + 0.5) * step(np.sin, k)
            elif kind == "exp":
                total = total + a * np.exp(k * x) * step(np.sinh, k)
            else:  # ((x + h)^3 - (x - h)^3) / (2h) = 3 x^2 + h^2
                total = total + a * (3 * x ** 2 + (0.0 if h is None else h * h))
        w = np.asarray(self.weights, dtype=np.float64)
        return total + self.coupling * np.cos(np.sum(w * x)) * step(np.sin, w)


class FunctionAtPoint(NamedTuple):
    """A SmoothFunction and a point x (float64, any shape from 0-d to 3 axes) to take its gradient at."""

    f: SmoothFunction
    x: np.ndarray


_TERM_KINDS = st.sampled_from(["sin", "exp", "cube"])


@st.composite
def functions_at_points(draw) -> FunctionAtPoint:
    """x of any shape (0-d to 3 axes of 1 to 3: drawing more entries costs more than it finds) with
    entries in [-2, 2], and a SmoothFunction of it:
    one sin term that always curves (|a| >= 0.5, k in [1, 3], so a one-sided difference is off by
    about h f''/2), up to two more terms, and the coupled term."""
    shape = draw(any_shape(max_side=3))
    sign = draw(st.sampled_from([1.0, -1.0]))
    terms = [("sin", sign * draw(floats(0.5, 2.0)), draw(floats(1.0, 3.0)))]
    for kind in draw(st.lists(_TERM_KINDS, max_size=2)):
        terms.append((kind, draw(floats(-1.0, 1.0)), draw(floats(-1.0, 1.0))))
    weights = np.random.default_rng(draw(st.integers(0, 2 ** 16))).uniform(-1.0, 1.0, shape)  # exam: not an input (its seed is drawn)
    f = SmoothFunction(tuple(terms), draw(floats(-1.0, 1.0)), weights)
    return FunctionAtPoint(f, draw(arrays(shape, -2.0, 2.0)))


# --- Going further (lessons 8-10): networks of any depth --------------------------------------

class DeepNetwork(NamedTuple):
    """A network of L = len(layer_sizes) - 1 layers and a batch for it: X (n_0, m), Y (1, m),
    params W1, b1, ..., WL, bL."""

    X: np.ndarray
    Y: np.ndarray
    params: Dict[str, np.ndarray]
    layer_sizes: tuple

    @property
    def m(self) -> int:
        return self.X.shape[1]

    @property
    def L(self) -> int:
        return len(self.layer_sizes) - 1


# Tried first by the checks of forward_deep and backward_deep: 2-2-2-1, m = 2, both labels, every
# layer's Z of both signs and none exactly 0 (Z1 = [[1, 0.5], [-0.25, 0.25]], Z2 = [[1.25, 0.5],
# [-0.75, 0.25]], Z3 = [[1.375, -0.25]]), so that every catalogued mistake gives values of its own.
TELLING_DEEP_NETWORK = DeepNetwork(
    X=np.array([[0.5, 1.0], [0.0, 0.5]]), Y=np.array([[1.0, 0.0]]),
    params={"W1": np.array([[1.0, -2.0], [-2.0, 3.0]]), "b1": np.array([[0.5], [0.75]]),
            "W2": np.array([[1.0, -1.0], [-0.5, 3.0]]), "b2": np.array([[0.25], [-0.25]]),
            "W3": np.array([[1.5, -2.0]]), "b3": np.array([[-0.5]])},
    layer_sizes=(2, 2, 2, 1))


def deep_params_shapes(layer_sizes) -> Dict[str, tuple]:
    """{"W1": (n_1, n_0), "b1": (n_1, 1), ...} for the sizes [n_0, ..., n_L]."""
    shapes = {}
    for l in range(1, len(layer_sizes)):
        shapes[f"W{l}"] = (layer_sizes[l], layer_sizes[l - 1])
        shapes[f"b{l}"] = (layer_sizes[l], 1)
    return shapes


DEEP_SIZES = st.integers(1, 3)  # widths and batch sizes: up to 4 layers, so a failure still shrinks in seconds


def _deep_params(draw, min_layers: int, max_layers: int, weight: float):
    """(layer_sizes, params): L layers of DEEP_SIZES units and one output, entries in [-weight, weight]."""
    L = draw(st.integers(min_layers, max_layers))
    sizes = tuple([draw(DEEP_SIZES) for _ in range(L)] + [1])
    return sizes, {name: draw(arrays(shape, -weight, weight)) for name, shape in deep_params_shapes(sizes).items()}


@st.composite
def deep_parameters(draw, min_layers: int = 1, max_layers: int = 4, weight: float = 2.0) -> Dict[str, np.ndarray]:
    """The parameters of a deep network alone (W1, b1, ..., WL, bL), without a batch."""
    return _deep_params(draw, min_layers, max_layers, weight)[1]


@st.composite
def deep_networks(draw, min_layers: int = 1, max_layers: int = 4, m=None, weight: float = 2.0) -> DeepNetwork:
    """1 to 4 layers of 1 to 3 units (one output), inputs in [0, 1], labels, weights in [-weight, weight]."""
    sizes, params = _deep_params(draw, min_layers, max_layers, weight)
    m = draw(DEEP_SIZES) if m is None else m
    return DeepNetwork(draw(arrays((sizes[0], m), 0.0, 1.0)), draw(labels(m)), params, sizes)


def random_deep_network(seed: int, layer_sizes, m: int, weight: float = 1.0) -> DeepNetwork:
    """A deep network drawn from a seeded generator: dense values, no hypothesis shrinking."""
    rng = exam.rng(seed)  # dense values, no shrinking; the exam's (checks/exam.py)
    params = {name: rng.uniform(-weight, weight, shape) for name, shape in deep_params_shapes(layer_sizes).items()}
    return DeepNetwork(rng.uniform(0, 1, (layer_sizes[0], m)), rng.integers(0, 2, (1, m)).astype(np.float64),
                       params, tuple(layer_sizes))


def digits_as_inputs(indices: np.ndarray):
    """The bundled digits at `indices` as a network's inputs: X (784, m), one image per column in
    [0, 1], and Y (1, m), 1.0 for a 5 and 0.0 for any other digit.

    Lesson 7's `preprocess` makes them, answered by the reference (from the store in a student
    release): no check file writes out that lesson's answer. Every image is kept, in order: each
    is given the label 1 or 0 for `classes=(0, 1)`.
    """
    from digits import load_digits

    from .reference import module as reference_module

    data = load_digits()
    fives = (data.labels[indices] == 5).astype(np.int64)
    return reference_module("lesson07_classifier").preprocess(data.images[indices], fives, classes=(0, 1))
