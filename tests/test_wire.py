"""The worker's wire format carries data only: values round-trip exactly, anything else is named."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from worker import wire

NUMERIC = st.sampled_from([np.float64, np.float32, np.int64, np.int32, np.uint8, np.bool_, np.complex128])


@st.composite
def values(draw, depth=0):
    leaves = st.one_of(st.none(), st.booleans(), st.integers(-2 ** 80, 2 ** 80), st.floats(allow_nan=False),
                       st.text(max_size=5), NUMERIC.flatmap(lambda t: hnp.arrays(t, hnp.array_shapes(min_dims=0))))
    if depth > 2:
        return draw(leaves)
    children = values(depth=depth + 1)
    return draw(st.one_of(leaves, st.lists(children, max_size=3), st.tuples(children, children),
                          st.dictionaries(st.text(max_size=3), children, max_size=3)))


def _same(a, b):
    if isinstance(a, np.ndarray):
        return type(b) is np.ndarray and a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return type(b) is dict and list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(values())
def test_values_round_trip_exactly(value):
    assert _same(value, wire.decode(wire.encode(value)))


def test_numpy_scalars_keep_their_type_and_special_floats_survive():
    for value in (np.float64(0.1), np.float32(2.5), np.int64(-3), np.bool_(True)):
        back = wire.decode(wire.encode(value))
        assert type(back) is type(value) and back == value
    back = wire.decode(wire.encode([float("nan"), float("inf"), -0.0]))
    assert np.isnan(back[0]) and back[1] == float("inf") and str(back[2]) == "-0.0"


class Liar(np.ndarray):
    def __eq__(self, other):
        return True


@pytest.mark.parametrize("value, named", [
    (np.zeros(3).view(Liar), "a Liar (a subclass of numpy.ndarray)"),
    (np.array(["a"]), "a NumPy array of dtype <U1"),
    (np.array([object()]), "a NumPy array of dtype object"),
    ({1: 2}, "a dict whose keys are not all strings"),
    ({1, 2}, "a set"),
    (type("Mine", (float,), {})(1.0), "Mine"),
])
def test_what_is_not_data_arrives_as_a_named_opaque(value, named):
    back = wire.decode(wire.encode({"x": value}))["x"]
    assert isinstance(back, wire.Opaque) and named in back.what


@pytest.mark.parametrize("body", [b"", b"\x05\x00\x00\x00\x00\x00\x00\x00{", b"\x02" + b"\x00" * 7 + b"{}",
                                  wire.encode(np.zeros(4))[:-8]])
def test_malformed_frames_are_refused(body):
    with pytest.raises(wire.WireError):
        wire.decode(body)


def test_an_object_dtype_header_is_refused():
    import json
    import struct

    header = json.dumps({"$": "array", "dtype": "|O", "shape": [1], "blob": 0}).encode()
    body = struct.pack("<Q", len(header)) + header + struct.pack("<Q", 8) + b"\0" * 8
    with pytest.raises(wire.WireError, match="unsupported dtype"):
        wire.decode(body)
