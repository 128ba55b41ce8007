"""Where the checks get their expected values: the reference solutions, or values stored from them.

The checks never import solutions/ themselves; they ask this module, which has three modes:

- **full** (the course as shipped, and Gradescope): `module("lesson02_forward")` is the
  reference module itself and a `@stored` helper simply runs.
- **record** (`python -m checks release` building a student release; $CHECKS_RECORD names
  a folder): the same, and every call through them is written down, with its inputs and
  what it returned, one store per lesson (checks/stored/<module>.calls in the release).
- **release** (a student release: checks/stored/ instead of solutions/): a call is
  answered from the store when its inputs match a recorded call's, exactly or within a
  relative 1e-7 (the learner's own earlier lessons may compute them a rounding apart).
  Otherwise a function of an earlier lesson is run as the learner's own, through the
  worker (the release grades a lesson only once the earlier lessons it uses pass), a
  `@stored` helper runs its own code that way, and anything else fails the check
  saying that the release cannot judge that input (`NotStored`).
"""

import contextlib
import copy
import functools
import hashlib
import json
import os
import zlib
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np

from worker import wire

from .course import SOLUTIONS_DIR, STORE_DIR
from .failure import CheckFailure

MATCH_RTOL, MATCH_ATOL = 1e-7, 1e-12  # inputs this close are "the same" call
LARGEST_MATCHED = 200_000  # numbers: larger inputs (whole datasets) are matched exactly only


@functools.lru_cache(maxsize=None)
def mode() -> str:
    """Found once per process: it is asked on every reference call."""
    if os.environ.get("CHECKS_RECORD"):
        return "record"
    if not SOLUTIONS_DIR.is_dir() and STORE_DIR.is_dir():
        return "release"
    return "full"


class NotStored(CheckFailure):
    """The release has no stored value for this input; the message says so in the learner's terms."""


class Unkeyable(Exception):
    """An input that cannot be written to the store (a function, an object)."""


# --- keys: the same call made again, on another machine --------------------------------------

def call_key(name: str, args: tuple, kwargs: dict) -> Tuple[str, str, Optional[np.ndarray]]:
    """(exact digest, shape signature, numbers) of a call. Integers, strings and shapes are part
    of the signature (they must be equal); floats are the numbers (they need only be close)."""
    parts: List[str] = [name]
    numbers: List[np.ndarray] = []
    _walk((args, kwargs), parts, numbers)
    signature = "|".join(parts)
    vector = np.concatenate(numbers) if numbers else np.zeros(0)
    digest = hashlib.sha1(signature.encode() + vector.tobytes()).hexdigest()
    return digest, signature, (vector if vector.size <= LARGEST_MATCHED else None)


def _walk(value: Any, parts: List[str], numbers: List[np.ndarray]) -> None:
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biuf":
            raise Unkeyable(f"an array of dtype {value.dtype}")
        parts.append(f"a{value.dtype.str}{value.shape}")
        numbers.append(np.asarray(value, dtype=np.float64).ravel())
    elif isinstance(value, (bool, np.bool_, int, np.integer)):
        parts.append(f"i{int(value)}")
    elif isinstance(value, (float, np.floating)):
        parts.append("f")
        numbers.append(np.array([float(value)]))
    elif value is None or isinstance(value, str):
        parts.append(repr(value))
    elif isinstance(value, dict):
        parts.append("{")
        for key, item in value.items():
            parts.append(repr(key))
            _walk(item, parts, numbers)
        parts.append("}")
    elif isinstance(value, (list, tuple)):
        parts.append("[")
        for item in value:
            _walk(item, parts, numbers)
        parts.append("]")
    else:
        raise Unkeyable(f"a {type(value).__name__}")


# --- the store: what the reference returned, per lesson ---------------------------------------

def freeze(value: Any) -> Any:
    """`value` in the wire's terms: a NamedTuple (a drawn network) becomes a tagged dict."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        kind = type(value)
        return {"$namedtuple": f"{kind.__module__}:{kind.__qualname__}",
                "fields": {field: freeze(item) for field, item in zip(value._fields, value)}}
    if isinstance(value, dict):
        return {key: freeze(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """The inverse of freeze (a fresh copy: the checks may change what they are given)."""
    if isinstance(value, dict):
        if "$namedtuple" in value:
            import importlib

            module, _, name = value["$namedtuple"].partition(":")
            kind = getattr(importlib.import_module(module), name)
            return kind(**{field: thaw(item) for field, item in value["fields"].items()})
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(thaw(item) for item in value)
    if isinstance(value, np.ndarray):
        return value.copy()
    return value


class Store:
    """One lesson's recorded calls and drawn examples."""

    def __init__(self, calls: list, examples: Dict[str, list]):
        self.examples = examples
        self.exact: Dict[str, Any] = {}
        self.close: Dict[str, Tuple[List[Any], List[np.ndarray]]] = {}
        self._matrices: Dict[str, np.ndarray] = {}
        for digest, signature, vector, result in calls:
            self.exact.setdefault(digest, result)
            if vector is not None:
                results, vectors = self.close.setdefault(signature, ([], []))
                results.append(result)
                vectors.append(np.asarray(vector, dtype=np.float64))

    def find(self, digest: str, signature: str, vector: Optional[np.ndarray]) -> Tuple[bool, Any]:
        if digest in self.exact:
            return True, self.exact[digest]
        if vector is None or signature not in self.close:
            return False, None
        results, vectors = self.close[signature]
        if signature not in self._matrices:
            self._matrices[signature] = np.stack(vectors)
        near = np.all(np.isclose(self._matrices[signature], vector, rtol=MATCH_RTOL, atol=MATCH_ATOL,
                                 equal_nan=True), axis=1)
        return (True, results[int(np.argmax(near))]) if near.any() else (False, None)


def store_path(module: str, folder: Path = STORE_DIR) -> Path:
    return folder / f"{module}.calls"


@functools.lru_cache(maxsize=None)
def load_store(module: str) -> Store:
    path = store_path(module)
    if not path.exists():
        return Store([], {})
    data = wire.decode(zlib.decompress(path.read_bytes()))
    return Store(data["calls"], data["examples"])


def write_store(path: Path, calls: list, examples: Dict[str, list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(zlib.compress(wire.encode({"calls": calls, "examples": examples}), 6))


# --- recording (building a release) ------------------------------------------------------------

class _Recorder:
    """The calls and examples of this process, by lesson module; written when pytest ends."""

    def __init__(self):
        self.calls: Dict[str, list] = {}
        self.examples: Dict[str, Dict[str, list]] = {}
        self.seen: Dict[str, set] = {}
        self.depth = 0  # calls made inside a recorded call are covered by it

    def call(self, lesson_module: str, name: str, run: Callable, args: tuple, kwargs: dict):
        if self.depth:
            return run(*args, **kwargs)
        try:
            digest, signature, vector = call_key(name, args, kwargs)
        except Unkeyable:
            return run(*args, **kwargs)
        self.depth += 1
        try:
            result = run(*args, **kwargs)
        finally:
            self.depth -= 1
        seen = self.seen.setdefault(lesson_module, set())
        if digest not in seen:
            seen.add(digest)
            self.calls.setdefault(lesson_module, []).append([digest, signature, vector, freeze(result)])
        return result

    def example(self, lesson_module: str, test: str, drawn: dict) -> None:
        found = self.examples.setdefault(lesson_module, {}).setdefault(test, [])
        frozen = freeze(drawn)
        key = call_key(test, (), drawn)[0]
        if key not in self.seen.setdefault(lesson_module + ":examples", set()):
            self.seen[lesson_module + ":examples"].add(key)
            found.append(frozen)

    def write(self, folder: Path) -> None:
        for module in set(self.calls) | set(self.examples):
            examples = {test: sorted(drawn, key=_size) for test, drawn in self.examples.get(module, {}).items()}
            write_store(store_path(module, folder), self.calls.get(module, []), examples)


def _size(example: Any) -> tuple:
    """How big an example is, to show the smallest that fails: its number of values, then how far
    they are from everyday numbers (orders of magnitude from 1: 1.0 and 0.5 are smaller than 1e-06)."""
    numbers: List[np.ndarray] = []
    parts: List[str] = []
    _walk(thaw(example), parts, numbers)
    vector = np.concatenate(numbers) if numbers else np.zeros(0)
    nonzero = np.abs(vector[vector != 0])
    return vector.size, float(np.sum(np.abs(np.log10(nonzero)))), json.dumps(parts)


recorder = _Recorder() if mode() == "record" else None


# --- what the checks use -----------------------------------------------------------------------

_graded: Dict[str, Any] = {}  # the lesson being graded and its worker (set by the learner fixture)


def grading(lesson, learner) -> None:
    """Tell this module which lesson the checks in this process are grading, and its worker."""
    _graded.update(lesson=lesson, learner=learner)


def _lesson_module() -> str:
    return _graded["lesson"].module if _graded.get("lesson") is not None else "unknown"


class _Module:
    """A reference module as the checks see it (record or release mode)."""

    def __init__(self, name: str, own_when_missing: bool, unstored: Optional[Callable] = None):
        self._name, self._own_when_missing, self._unstored = name, own_when_missing, unstored

    def __getattr__(self, attribute: str):
        if attribute.isupper():  # a constant such as EPS: stored with the calls, read as a call
            return _answer(f"{self._name}.{attribute}", lambda: getattr(_real(self._name), attribute), (), {},
                           fallback=None)
        if self._unstored is not None:  # an input the store lacks gets this, never the learner's code
            def answered(*args, **kwargs):
                return _answer(f"{self._name}.{attribute}",
                               lambda *a, **k: getattr(_real(self._name), attribute)(*a, **k), args, kwargs,
                               fallback=self._unstored)
            answered.__name__ = attribute
            return answered
        function = functools.partial(_call_function, self._name, attribute, self._own_when_missing)
        functools.update_wrapper(function, _call_function)
        function.__name__ = attribute
        return function


def module(name: str, *, own_when_missing: bool = False):
    """The reference module `name` ("lesson02_forward"), as the mode provides it.

    `own_when_missing`: in a release, an input the store lacks is answered by the learner's own
    function even in the lesson being graded. Only for checks of consistency on the learner's
    own results (run()'s metrics for the network it trained), where the learner's function,
    checked on the stored examples by its own checks, is as good a judge as the reference.
    """
    if mode() == "full":
        return _real(name)
    return _Module(name, own_when_missing)


def mistakes():
    """The values of the named mistakes (solutions/mistakes.py), as the mode provides them: in a
    release, stored for the checks' own inputs; an input the store lacks names no mistake ({})."""
    if mode() == "full":
        return _real("mistakes")
    return _Module("mistakes", False, unstored=lambda *args, **kwargs: {})


def _real(name: str):
    import importlib

    return importlib.import_module(f"solutions.{name}")


def _call_function(module_name: str, function: str, own_when_missing: bool, *args, **kwargs):
    return _answer(f"{module_name}.{function}", lambda *a, **k: getattr(_real(module_name), function)(*a, **k),
                   args, kwargs, fallback=(module_name, function, own_when_missing))


def stored(helper: Callable) -> Callable:
    """A check helper whose result depends only on its inputs and the reference (a numerical
    gradient, a replayed training run): stored whole in a release, so its inner calls are not.
    In the full grader each result is kept for the process's next call with the same inputs: a
    long-lived process (grade-class) computes a check's fixed reference values once, not once
    per submission."""
    name = f"{helper.__module__.rsplit('.', 1)[-1]}.{helper.__name__}"
    if mode() == "full":
        return _remembered(name, helper)

    @functools.wraps(helper)
    def run(*args, **kwargs):
        return _answer(name, helper, args, kwargs, fallback=helper)
    return run


REMEMBERED = 64  # results a @stored helper keeps in the full grader (the oldest goes first)


def _remembered(name: str, helper: Callable) -> Callable:
    results: Dict[str, Any] = {}

    @functools.wraps(helper)
    def remembered(*args, **kwargs):
        try:
            key = call_key(name, args, kwargs)[0]
        except Unkeyable:
            return helper(*args, **kwargs)
        if key not in results:
            if len(results) >= REMEMBERED:
                del results[next(iter(results))]
            results[key] = helper(*args, **kwargs)
        return copy.deepcopy(results[key])  # a check may change what it is given
    return remembered


def _answer(name: str, run: Callable, args: tuple, kwargs: dict, fallback):
    if mode() == "record":
        return recorder.call(_lesson_module(), name, run, args, kwargs)
    try:
        digest, signature, vector = call_key(name, args, kwargs)
    except Unkeyable:
        found = False
    else:
        found, value = load_store(_lesson_module()).find(digest, signature, vector)
        if found:
            return thaw(value)
    if callable(fallback):  # a @stored helper: its own code, with the earlier lessons the learner's
        return fallback(*args, **kwargs)
    if fallback is not None:
        module_name, function, own_when_missing = fallback
        lesson = _graded.get("lesson")
        if lesson is not None and (module_name != lesson.module or own_when_missing) \
                and _graded.get("learner") is not None:
            return _learners_own(module_name, function, args, kwargs)
    raise NotStored(f"{name.split('.')[-1]}: this input is not one of the stored examples, so the student "
                    "release cannot judge it (the full grader can)")


def _learners_own(module_name: str, function: str, args: tuple, kwargs: dict):
    """The learner's own `function` (of an earlier lesson, which passed its checks), run by the worker."""
    from .compare import call_learner
    from .course import find_lesson
    from .failure import Call
    from .remote import LearnerModule

    learner = _graded["learner"]
    earlier = LearnerModule(learner.worker, learner.package, module_name, find_lesson(module_name), charged=False)
    inputs = {f"arg{i}": value for i, value in enumerate(args)}
    return call_learner(earlier, Call(earlier.__name__, function, inputs, dict(kwargs)))


def finish_recording() -> None:
    """Write what this process recorded (record mode; called when pytest ends)."""
    if recorder is not None:
        recorder.write(Path(os.environ["CHECKS_RECORD"]))


# --- drawn examples: the exam's, the same way in every grader ------------------------------------

def given(*strategies, **named_strategies):
    """A hypothesis check, run on its exam's examples and judged the same way in every grader.

    The examples: in the full grader (and when a release is built) the ones hypothesis draws from
    the strategies with the seed the exam gives this check (checks/exam.py `hypothesis_seed`: fixed
    in self-study, the submission's own in a secret exam), kept by a long-lived process for the next
    submission with the same exam (checks/warm.py); in a release, those drawn when it was built (its
    store). Either way, each once, smallest first (`_size`), and the failure shown is chosen by one
    rule (`_run_smallest_first`): the smallest failing example that names one mistake, else the
    smallest that names several, else the smallest failing one. So one exam gives the same failing
    input, explanation, named mistake and replay in the full grader and in a release, fresh or warm.
    An @example's input is run as it is, first."""
    import inspect

    import hypothesis

    def decorate(test):
        parameters = list(inspect.signature(test).parameters.values())
        positional = [p.name for p in parameters[len(parameters) - len(strategies):]] if strategies else []
        by_name = {**dict(zip(positional, strategies)), **named_strategies}
        module_name = test.__globals__["LESSON"].module
        check = f"{test.__module__}.{test.__qualname__}"
        outer = None

        @functools.wraps(test)
        def on_the_exam(*args, **kwargs):
            if any(kwargs[name] is not None for name in by_name):  # an @example: as it is
                return test(*args, **kwargs)
            count = outer._hypothesis_internal_use_settings.max_examples  # the check's own @settings
            _run_smallest_first(test, args, kwargs, _exam_examples(module_name, test.__name__, check, by_name,
                                                                   count))
        # Still a hypothesis test (its settings and @example decorators stay valid), drawing nothing itself.
        outer = hypothesis.given(**{name: hypothesis.strategies.none() for name in by_name})(on_the_exam)
        return outer
    return decorate


def _exam_examples(module_name: str, test_name: str, check: str, strategies: dict, count: int) -> List[dict]:
    """The check's examples on this exam, each once, smallest first (fresh copies)."""
    if mode() == "release":
        return [thaw(example) for example in load_store(module_name).examples.get(test_name, [])]
    from . import exam, warm

    seed = exam.hypothesis_seed(check)
    examples = warm.kept(check, (seed, count), lambda: _draw(strategies, seed, count))
    if mode() == "record":
        for example in examples:
            recorder.example(module_name, test_name, example)
    return examples


def _draw(strategies: dict, seed: int, count: int) -> List[dict]:
    """Up to `count` examples hypothesis draws from `strategies` ({name: strategy}) with `seed`, each once,
    smallest first. Nothing is judged while drawing, so what is drawn depends on the seed alone."""
    import inspect

    import hypothesis

    drawn: List[dict] = []

    def keep(**example):
        drawn.append(copy.deepcopy(example))
    keep.__signature__ = inspect.Signature([inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY)
                                            for name in strategies])
    drawing = hypothesis.given(**strategies)(keep)
    drawing = hypothesis.settings(max_examples=count, phases=(hypothesis.Phase.generate,))(drawing)
    with _no_local_constants():
        hypothesis.seed(seed)(drawing)()  # exam: not an input (the seed is the exam's)
    once: Dict[str, dict] = {}
    for example in drawn:
        once.setdefault(call_key("example", (), example)[0], example)
    return sorted(once.values(), key=lambda example: _size(freeze(example)))


@contextlib.contextmanager
def _no_local_constants():
    """Hypothesis (6.131 and later) also draws, now and then, constants it finds in the source of the
    modules this process has imported: the reference's, the other check files'. The exam would then
    depend on what the process happened to import (the full grader imports solutions/, a release has
    none; a process that grades several lessons imports several check files), so while the exam is
    drawn that pool is empty. Hypothesis has no setting for it: this replaces its private helper for
    the draw, where the helper exists."""
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:
        providers = None
    if providers is None or not hasattr(providers, "_get_local_constants"):
        yield
        return
    original, empty = providers._get_local_constants, type(providers._local_constants)()
    providers._get_local_constants = lambda: empty
    providers.CONSTANTS_CACHE.cache.clear()  # it keeps the pool's constants by the kind of draw
    try:
        yield
    finally:
        providers._get_local_constants = original
        providers.CONSTANTS_CACHE.cache.clear()


def _run_smallest_first(test: Callable, args: tuple, kwargs: dict, examples: List[dict]) -> None:
    """Run `test` on each example in order; raise the failure to show (see `given`), if any."""
    shown = None  # (how little it says, the failure): the smallest that names one mistake wins
    for example in examples:
        try:
            test(*args, **{**kwargs, **example})
        except CheckFailure as failure:
            vague = 2 if not failure.mistake else 1 if "; or " in failure.mistake else 0
            if vague == 0:
                raise
            if shown is None or vague < shown[0]:
                shown = (vague, failure)
    if shown is not None:
        raise shown[1]
