"""A lesson that does no work: it looks its inputs up in a student release's store.

A release ships the reference's answers to the fixed exam (checks/stored/<module>.calls: each
call's inputs, by digest, and what the reference returned). `lookup_lesson` writes a lesson
file that carries the answers to its own functions from that store and, called, finds the
stored call with the same inputs (the same integers and the same floats, in any order) and
returns its answer; for any other input it returns None. It contains no formula: whatever it
earns is what the store gives away (tests/test_exam.py).
"""

import base64
import io
import json
import re
import sys
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.course import find_lesson  # noqa: E402
from worker import wire  # noqa: E402

# The same key from the store's records and from the learner's call: the integers (from the
# signature) and the floats (the record's vector), each sorted.
_INTEGER = re.compile(r"^i(-?\d+)$")

TEMPLATE = '''"""Lesson {number}, answered from a release's store: no formula in here."""

import base64
import hashlib
import io
import json
import zlib

import numpy as np

_TABLE = json.loads(zlib.decompress(base64.b64decode({table!r})))


def _leaves(value, ints, floats):
    if isinstance(value, np.ndarray):
        floats.append(np.asarray(value, dtype=np.float64).ravel())
    elif isinstance(value, (bool, int, np.integer)):
        ints.append(int(value))
    elif isinstance(value, (float, np.floating)):
        floats.append(np.array([float(value)]))
    elif isinstance(value, dict):
        for item in value.values():
            _leaves(item, ints, floats)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _leaves(item, ints, floats)


def _key(args, kwargs):
    ints, floats = [], []
    _leaves((args, kwargs), ints, floats)
    numbers = np.sort(np.concatenate(floats)) if floats else np.zeros(0)
    return hashlib.sha1(repr(sorted(ints)).encode() + numbers.tobytes()).hexdigest()


def _decode(value):
    kind, item = value
    if kind == "a":
        return np.load(io.BytesIO(base64.b64decode(item)), allow_pickle=False)
    if kind == "d":
        return {{key: _decode(part) for key, part in item.items()}}
    if kind in ("t", "l"):
        parts = [_decode(part) for part in item]
        return tuple(parts) if kind == "t" else parts
    return item


def _answer(function, args, kwargs):
    found = _TABLE.get(function, {{}}).get(_key(args, kwargs))
    return None if found is None else _decode(found)
{functions}'''

FUNCTION = '''

def {name}(*args, **kwargs):
    return _answer("{name}", args, kwargs)
'''


def _encode(value):
    if isinstance(value, np.ndarray):
        buffer = io.BytesIO()
        np.save(buffer, value, allow_pickle=False)
        return ["a", base64.b64encode(buffer.getvalue()).decode()]
    if isinstance(value, dict):
        return ["d", {key: _encode(item) for key, item in value.items()}]
    if isinstance(value, (list, tuple)):
        return ["t" if isinstance(value, tuple) else "l", [_encode(item) for item in value]]
    if isinstance(value, np.generic):
        return ["v", value.item()]
    return ["v", value]


def _record_key(signature: str, vector) -> str:
    import hashlib

    ints = sorted(int(match.group(1)) for part in signature.split("|") if (match := _INTEGER.match(part)))
    numbers = np.sort(np.asarray(vector, dtype=np.float64)) if vector is not None else np.zeros(0)
    return hashlib.sha1(repr(ints).encode() + numbers.tobytes()).hexdigest()


def lookup_lesson(store_dir: Path, number: int) -> str:
    """The source of lesson `number` answering every call from `store_dir` (a release's checks/stored)."""
    lesson = find_lesson(str(number))
    data = wire.decode(zlib.decompress((store_dir / f"{lesson.module}.calls").read_bytes()))
    table = {name: {} for name in lesson.functions}
    for _, signature, vector, result in data["calls"]:
        module, _, function = signature.split("|")[0].partition(".")
        if module == lesson.module and function in table and vector is not None:
            table[function].setdefault(_record_key(signature, vector), _encode(result))
    packed = base64.b64encode(zlib.compress(json.dumps(table).encode(), 9)).decode()
    return TEMPLATE.format(number=number, table=packed,
                           functions="".join(FUNCTION.format(name=name) for name in lesson.functions))
