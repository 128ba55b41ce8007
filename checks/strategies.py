"""Hypothesis strategies shared by the checks: the inputs a learner's code will meet.

Sizes stay small (a handful of inputs, hidden units and examples) so a check runs in
milliseconds and a failing input shrinks to something short enough to read; m = 1
and m > 1 are both drawn. Values cover the scales of the course: pixels in [0, 1],
weights of order 1, pre-activations up to +-1000 for the sigmoid.
"""

from functools import lru_cache
from typing import Dict, NamedTuple

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from . import exam

SIZES = st.integers(1, 5)


@lru_cache(maxsize=None)  # strategies are immutable; building one again costs more than the draw
def floats(low: float, high: float) -> st.SearchStrategy:
    return st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False)


@lru_cache(maxsize=None)
def arrays(shape, low: float, high: float) -> st.SearchStrategy:
    """float64 arrays of a fixed shape (or a shape strategy) with values in [low, high]."""
    return hnp.arrays(np.float64, shape, elements=floats(low, high))


def any_shape(max_dims: int = 3) -> st.SearchStrategy:
    """Shapes from () (0-d) to `max_dims` axes of 1 to 4."""
    return hnp.array_shapes(min_dims=0, max_dims=max_dims, min_side=1, max_side=4)


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
