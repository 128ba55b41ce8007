"""The data-only messages between the grader and the worker: both sides speak this, nothing else.

A message is a Python value made of None, bool, int, float, str, lists, tuples, dicts
with str keys, NumPy arrays of a numeric or bool dtype and NumPy scalars. It travels as
one frame: an 8-byte length, a JSON header that describes the value (each array's dtype
and shape), then the arrays' raw bytes. Nothing is ever pickled and only numeric dtypes
are read back (`np.frombuffer`), so decoding a message can never run code, and what the
grader gets back is always a plain ndarray or a plain number, whatever object the
learner's function returned. (The .npy format of `np.save`/`np.load(allow_pickle=False)`
is as safe, but parsing its header costs 60 us an array; a call carries a dozen.)

Values the format cannot carry (an ndarray subclass, an object array, a set, a class of
the learner's) are encoded as an `Opaque` that names what they were, so the grader can
say "backward returned a MyArray (a subclass of numpy.ndarray)" instead of guessing.
"""

import json
import math
import struct
from typing import Any, BinaryIO, List

import numpy as np

MAX_FRAME = 512 * 1024 ** 2  # bytes: a larger frame is refused rather than read into memory
MAX_DEPTH = 32  # nesting: deeper values are refused (a self-referencing list would never end)
_LENGTH = struct.Struct("<Q")
_NUMERIC_KINDS = "biufc"  # bool, signed, unsigned, float, complex


class WireError(Exception):
    """A frame that is not a well-formed message (cut short, too large, or malformed)."""


class Opaque:
    """Stands for a value the format cannot carry; `what` says what it was."""

    def __init__(self, what: str):
        self.what = what

    def __repr__(self) -> str:
        return f"<{self.what}>"

    def __eq__(self, other) -> bool:
        return isinstance(other, Opaque) and other.what == self.what


class Shared:
    """Stands for an array the grader placed in the worker's input file: its place, dtype and shape.

    The worker makes it a writable view of that file (worker/main.py), so a change made to it in
    place is in the file, where the grader reads it back after the call.
    """

    def __init__(self, offset: int, dtype: np.dtype, shape: tuple):
        self.offset, self.dtype, self.shape = int(offset), np.dtype(dtype), tuple(int(side) for side in shape)
        if self.offset < 0 or any(side < 0 for side in self.shape):
            raise WireError("a shared array with a negative offset or side")


def describe(value: Any) -> str:
    """A short phrase for a value the format cannot carry."""
    kind = type(value)
    if isinstance(value, np.ndarray):
        if kind is not np.ndarray:
            return f"a {kind.__name__} (a subclass of numpy.ndarray)"
        return f"a NumPy array of dtype {value.dtype}"
    return f"a {kind.__module__ + '.' if kind.__module__ not in ('builtins', '__main__') else ''}{kind.__qualname__}"


def encode(value: Any) -> bytes:
    """The frame's body for `value` (without the length)."""
    blobs: List[bytes] = []
    header = json.dumps(_to_header(value, blobs, 0), allow_nan=True).encode("utf-8")
    return _LENGTH.pack(len(header)) + header + b"".join(blobs)


def decode(body: bytes) -> Any:
    """The value of a frame's body. Raises WireError when the body is malformed."""
    try:
        (size,) = _LENGTH.unpack_from(body, 0)
        header = json.loads(body[_LENGTH.size:_LENGTH.size + size].decode("utf-8"))
        data = memoryview(body)[_LENGTH.size + size:]
        return _from_header(header, data, 0, _blob_offsets(data))
    except WireError:
        raise
    except Exception as error:  # anything malformed is the same verdict: not a message
        raise WireError(f"malformed message ({type(error).__name__}: {error})") from None


LENGTH_SIZE = _LENGTH.size  # bytes of the length before each frame's body


def frame_length(size: int) -> bytes:
    """The length that starts a frame whose body has `size` bytes."""
    return _LENGTH.pack(size)


def frame_size(data) -> int:
    """The body size announced at the start of `data` (at least LENGTH_SIZE bytes)."""
    return _LENGTH.unpack_from(data, 0)[0]


def send(stream: BinaryIO, value: Any) -> None:
    body = encode(value)
    stream.write(_LENGTH.pack(len(body)) + body)
    stream.flush()


def receive(stream: BinaryIO) -> Any:
    """The next message; EOFError when the stream ended cleanly before one began."""
    head = _read(stream, _LENGTH.size, allow_eof=True)
    (size,) = _LENGTH.unpack(head)
    if size > MAX_FRAME:
        raise WireError(f"a message of {size} bytes is larger than the {MAX_FRAME // 1024 ** 2} MiB allowed")
    return decode(_read(stream, size))


def _read(stream: BinaryIO, size: int, allow_eof: bool = False) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            if allow_eof and left == size:
                raise EOFError("the stream ended")
            raise WireError("the message was cut short")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _to_header(value: Any, blobs: List[bytes], depth: int) -> Any:
    if depth > MAX_DEPTH:
        return {"$": "opaque", "what": f"a value nested more than {MAX_DEPTH} levels deep"}
    kind = type(value)
    if value is None or kind in (bool, str):
        return value
    if kind is int:
        return value if abs(value) < 2 ** 63 else {"$": "bigint", "text": str(value)}
    if kind is float:
        return {"$": "float", "text": repr(value)} if value != value or value in (float("inf"), -float("inf")) \
            else value
    if kind is list:
        return [_to_header(item, blobs, depth + 1) for item in value]
    if kind is tuple:
        return {"$": "tuple", "items": [_to_header(item, blobs, depth + 1) for item in value]}
    if kind is dict:
        if not all(type(key) is str for key in value):
            return {"$": "opaque", "what": "a dict whose keys are not all strings"}
        return {"$": "dict", "items": [[key, _to_header(item, blobs, depth + 1)] for key, item in value.items()]}
    if kind is np.ndarray and value.dtype.kind in _NUMERIC_KINDS:
        return {"$": "array", "dtype": value.dtype.str, "shape": list(value.shape), "blob": _blob(value, blobs)}
    if kind is Shared:
        return {"$": "shared", "offset": value.offset, "dtype": value.dtype.str, "shape": list(value.shape)}
    if isinstance(value, np.generic) and kind.__module__ == "numpy" and value.dtype.kind in _NUMERIC_KINDS:
        return {"$": "scalar", "dtype": value.dtype.str, "shape": [], "blob": _blob(np.asarray(value), blobs)}
    return {"$": "opaque", "what": describe(value)}


def _blob(array: np.ndarray, blobs: List[bytes]) -> int:
    data = np.ascontiguousarray(array).tobytes()
    blobs.append(_LENGTH.pack(len(data)) + data)
    return len(blobs) - 1


def _from_header(node: Any, data: memoryview, depth: int, offsets: list) -> Any:
    if depth > MAX_DEPTH + 1:
        raise WireError("nested too deep")
    kind = type(node)
    if node is None or kind in (bool, int, float, str):
        return node
    if kind is list:
        return [_from_header(item, data, depth + 1, offsets) for item in node]
    if kind is not dict:
        raise WireError(f"unexpected node {kind.__name__}")
    tag = node["$"]
    if tag == "array" or tag == "scalar":
        dtype = _dtype(node["dtype"])
        shape = tuple(int(side) for side in node["shape"])
        start, end = offsets[node["blob"]]
        if any(side < 0 for side in shape) or end - start != dtype.itemsize * math.prod(shape):
            raise WireError("an array whose size does not match its shape")
        array = np.frombuffer(data[start:end], dtype=dtype).reshape(shape).copy()
        return array[()] if tag == "scalar" else array
    if tag == "dict":
        return {str(key): _from_header(item, data, depth + 1, offsets) for key, item in node["items"]}
    if tag == "tuple":
        return tuple(_from_header(item, data, depth + 1, offsets) for item in node["items"])
    if tag == "shared":
        return Shared(node["offset"], _dtype(node["dtype"]), node["shape"])
    if tag == "float":
        return float(node["text"])
    if tag == "bigint":
        return int(node["text"])
    if tag == "opaque":
        return Opaque(str(node["what"]))
    raise WireError(f"unknown tag {tag!r}")


_DTYPES: dict = {}


def _dtype(text: str) -> np.dtype:
    """The dtype named `text`, only if it is a plain numeric or bool one (never object, never fields)."""
    dtype = _DTYPES.get(text)
    if dtype is None:
        dtype = np.dtype(str(text))
        if dtype.kind not in _NUMERIC_KINDS or dtype.hasobject or dtype.fields is not None or dtype.subdtype:
            raise WireError("an array of an unsupported dtype")
        _DTYPES[text] = dtype
    return dtype


def _blob_offsets(data: memoryview) -> list:
    offsets, position = [], 0
    while position < len(data):
        (size,) = _LENGTH.unpack_from(data, position)
        position += _LENGTH.size
        if position + size > len(data):
            raise WireError("an array was cut short")
        offsets.append((position, position + size))
        position += size
    return offsets
