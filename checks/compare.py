"""Calling the learner's code and comparing what it returns with the reference.

`call_learner` has the worker run one call under the rules every lesson shares (no
floating-point warnings, inputs left unchanged, exceptions reported as a verdict) and
turns whatever the worker reports into that verdict. `expect_array` and
`expect_scalar` compare a result with the reference at a tolerance that every correct
float64 implementation meets, and name the mistake when the difference matches one.
"""

from typing import Any, Dict, Optional, Tuple

import numpy as np

from worker.wire import Opaque

from .failure import Call, CheckFailure, describe_type
from .mistakes import name_mistake
from .quoting import quote_code, quote_learner, quote_path, quote_type
from .remote import LearnerRaised, WorkerDied, load_failure

RTOL = 1e-9  # relative: different but correct orders of summation differ by ~1e-15
ATOL = 1e-12  # absolute: sigmoid(-30) via a tanh identity is off by ~1e-17, not 1e-9 relative


def call(module, function: str, /, *, keywords: Optional[Dict[str, Any]] = None, spy: Optional[str] = None,
         **inputs) -> Tuple[Any, Call]:
    """Call `function` of the learner's `module` (a remote.LearnerModule) with `inputs` (by
    position, in order) and `keywords`; with `spy`, also record what the function of that name
    returned during the call (in `the_call.spied`).

    Returns (result, the Call), the Call being what a failure message shows.
    """
    the_call = Call(module.__name__, function, inputs, dict(keywords or {}))
    return call_learner(module, the_call, spy=spy), the_call


def call_learner(module, call: Call, spy: Optional[str] = None) -> Any:
    """`call` run by the worker, turned into a verdict when the learner's code misbehaves.

    Fails when the call raises, when NumPy overflows, divides by zero or makes a nan
    (any RuntimeWarning), when it changes one of its inputs in place, when it ends the
    worker, or when it returns anything but plain data (arrays, numbers, tuples, lists, dicts).
    """
    try:
        got, changed, call.spied = module.invoke(call.function, list(call.inputs.values()), call.keywords, spy)
    except LearnerRaised as raised:
        raise _verdict(call, raised.details) from None
    except WorkerDied as died:
        raise CheckFailure(f"{call.function}: the grading process {died} while running it", call=call) from None
    if changed:
        where = changed[0]
        name = list(call.inputs)[where] if type(where) is int and where < len(call.inputs) else str(where)
        raise CheckFailure(
            f"{call.function} changed its input {name} in place",
            call=call, details=[f"{name} after the call differs from {name} before it"],
            mistake="work on new arrays (P - lr * dP, np.clip(...)); never assign into an argument "
                    "(x[...] = , x -= , x += change the caller's array)")
    found, opaque = _find_opaque(got)
    if opaque is not None:
        raise CheckFailure(f"{call.function} returned {found}{quote_learner(opaque.what, 80)}: return plain NumPy "
                           "arrays, numbers, tuples, lists and dicts", call=call)
    return got


def _verdict(call: Call, error: dict) -> CheckFailure:
    """The CheckFailure for what the worker reported instead of a value.

    Every text in `error` is the learner's (the worker is theirs): each is quoted as theirs
    (checks/quoting.py), and every word around it is the grader's own.
    """
    if not isinstance(error, dict):
        error = {}
    kind, text = error.get("kind"), error.get("message")
    raised = f"your code raised {quote_type(error.get('type') or 'an exception')}: {quote_learner(text)}"
    details = [where(error)] if error.get("file") else []
    if kind == "floating":
        return CheckFailure(f"{call.function} hit a floating-point {_kind(str(text))} on a finite input ({raised})",
                            call=call, details=details, mistake=_float_hint(str(text)))
    if kind == "warning":
        return CheckFailure(f"{call.function} warned ({raised})", call=call, details=details,
                            mistake=_float_hint(str(text)))
    if kind == "exit":
        return CheckFailure(f"{call.function} called exit() (sys.exit or exit): return a value instead", call=call)
    if kind == "keyboard":
        return CheckFailure(f"{call.function} raised KeyboardInterrupt", call=call, details=details)
    if kind == "output":
        return CheckFailure(f"{call.function} printed far too much (tens of megabytes): remove the print in a loop",
                            call=call)
    if kind == "load":
        return CheckFailure(load_failure(error), call=call)
    if kind == "protocol":
        return CheckFailure(f"{call.function} could not be called ({quote_learner(text)})", call=call)
    return CheckFailure(f"{call.function}: {raised}", call=call, details=details)


def where(error: dict) -> str:
    """'at lessons/lesson04_backward.py line 31: 'dW1 = ...'' for the learner's deepest frame (quoted)."""
    line = error.get("line")
    return (f"at {quote_path(error.get('file'))} line {line if type(line) is int else '?'}: "
            f"{quote_code(error.get('code'))}")


def _find_opaque(value: Any, where: str = ""):
    """(where, the Opaque) of the first value in `value` that the wire could not carry, else ("", None)."""
    if isinstance(value, Opaque):
        return (f"{where} as " if where else ""), value
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, (list, tuple)) else ()
    for key, item in items:
        found = _find_opaque(item, f"{where}[{quote_learner(key, 40) if isinstance(key, str) else key!r}]")
        if found[1] is not None:
            return found
    return "", None


def expect_array(what: str, got: Any, expected: np.ndarray, *, call: Optional[Call] = None,
                 mistakes: Optional[Dict[str, Any]] = None, m: Optional[int] = None,
                 rtol: float = RTOL, atol: float = ATOL) -> None:
    """Fail unless `got` is a float64 ndarray of expected's shape and close to it.

    `what` names the value ("sigmoid(z)", "dW1"); `mistakes` maps a named mistake to
    the value that mistake would produce; `m` (the number of examples) adds the
    sum-instead-of-mean and divided-twice patterns.
    """
    expected = np.asarray(expected)
    if not isinstance(got, np.ndarray):
        if isinstance(got, (float, np.floating)) and expected.ndim == 0:
            got = np.asarray(got)
        else:
            raise CheckFailure(f"{what} should be {describe_type(expected)} but is {describe_type(got)}",
                               call=call, mistake=_type_hint(got))
    if got.shape != expected.shape:
        raise CheckFailure(f"{what} has shape {got.shape} but should have shape {expected.shape}",
                           call=call, mistake=name_mistake(got, expected, mistakes, m=m, what=what))
    if got.dtype != np.float64:
        raise CheckFailure(f"{what} has dtype {got.dtype} but should be float64", call=call,
                           mistake="a cast (astype, np.float32, dtype=...) or integer arithmetic; "
                                   "keep everything float64")
    bad = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    if not bad.any():
        return
    excess = np.where(bad, np.abs(got - expected) - atol - rtol * np.abs(expected), -np.inf)
    excess = np.nan_to_num(excess, nan=np.inf)
    worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(excess)), got.shape))
    at = f" at {list(worst)}" if got.ndim else ""
    raise CheckFailure(
        f"{what} does not match the reference ({int(bad.sum())} of {bad.size} values differ)",
        call=call, expected=expected, got=got,
        details=[f"largest difference{at}: expected {expected[worst].item()!r}, got {got[worst].item()!r} "
                 f"(tolerance {atol:g} + {rtol:g} * |expected|)"],
        mistake=name_mistake(got, expected, mistakes, m=m, what=what))


def array_result(what: str, got: Any, shape, *, call: Optional[Call] = None) -> np.ndarray:
    """Fail unless `got` is a float64 array of `shape` (a float stands for shape ()); return it."""
    if isinstance(got, (float, np.floating)) and tuple(shape) == ():
        got = np.asarray(got)
    if not isinstance(got, np.ndarray) or got.shape != tuple(shape) or got.dtype != np.float64:
        raise CheckFailure(f"{what} should be a float64 array of shape {tuple(shape)} but is "
                           f"{describe_type(got)}", call=call, mistake=_type_hint(got))
    return got


def scalar_result(what: str, got: Any, *, call: Optional[Call] = None) -> float:
    """Fail unless `got` is one float64 number (a float, an np.float64 or a 0-d array)."""
    if isinstance(got, np.ndarray) and got.ndim > 0:
        raise CheckFailure(
            f"{what} should be a single number but is {describe_type(got)}", call=call,
            mistake="np.dot or @ of (1, m) by (m, 1) gives a (1, 1) array: use np.mean / np.sum, "
                    "or float(...)")
    if not isinstance(got, (float, np.floating, np.ndarray)):
        raise CheckFailure(f"{what} should be a float but is {describe_type(got)}", call=call,
                           mistake=_type_hint(got))
    if np.asarray(got).dtype != np.float64:
        raise CheckFailure(f"{what} is {np.asarray(got).dtype}, should be float64", call=call)
    return float(got)


def expect_scalar(what: str, got: Any, expected: float, *, call: Optional[Call] = None,
                  mistakes: Optional[Dict[str, Any]] = None, m: Optional[int] = None,
                  rtol: float = RTOL, atol: float = ATOL) -> float:
    """Fail unless `got` is one float64 number close to `expected`."""
    value = scalar_result(what, got, call=call)
    expect_array(what, np.asarray(value), np.asarray(expected, dtype=np.float64),
                 call=call, mistakes=mistakes, m=m, rtol=rtol, atol=atol)
    return value


def expect_params_dict(what: str, got: Any, keys, *, call: Optional[Call] = None) -> None:
    """Fail unless `got` is a dict holding at least `keys` (extra entries do no harm)."""
    if not isinstance(got, dict):
        raise CheckFailure(f"{what} should be a dict but is {describe_type(got)}", call=call,
                           mistake=_type_hint(got))
    missing = [key for key in keys if key not in got]
    if missing:
        raise CheckFailure(f"{what} should have the keys {list(keys)}; missing {missing}", call=call)


def _kind(error: FloatingPointError) -> str:
    text = str(error)
    for word in ("overflow", "divide", "invalid"):
        if word in text:
            return {"divide": "division by zero", "invalid": "invalid operation (nan)"}.get(word, word)
    return "error"


def _float_hint(text: str) -> str:
    if "overflow" in text:
        return ("np.exp of a large number overflows (np.exp(1000) is inf). np.where computes both branches "
                "everywhere before it chooses, so a branch with e^z overflows even where it is not chosen: "
                "compute e = exp(-|z|), which never overflows, and write both formulas with e")
    if "log" in text or "divide" in text:
        return "log(0) is -inf: clip the probabilities to [eps, 1 - eps] before taking the log"
    return "an operation produced inf or nan from finite numbers"


def _type_hint(got: Any) -> Optional[str]:
    if got is None:
        return "the function returned nothing: did you forget `return`?"
    if isinstance(got, (list, tuple)):
        return "return a NumPy array (np.array(...)), not a Python list or tuple"
    return None
