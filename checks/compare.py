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

from .failure import Call, CheckFailure, PassedFunction, describe_type
from .mistakes import name_mistake
from .quoting import quote_code, quote_learner, quote_path, quote_type
from .remote import LearnerRaised, WorkerDied, load_failure

RTOL = 1e-9  # relative: different but correct orders of summation differ by ~1e-15
ATOL = 1e-12  # absolute: sigmoid(-30) via a tanh identity is off by ~1e-17, not 1e-9 relative


def call(module, function: str, /, *, keywords: Optional[Dict[str, Any]] = None, spy: Optional[str] = None,
         in_place_mistake: Optional[str] = None, **inputs) -> Tuple[Any, Call]:
    """Call `function` of the learner's `module` (a remote.LearnerModule) with `inputs` (by
    position, in order) and `keywords`; with `spy`, also record what the function of that name
    returned during the call (in `the_call.spied`). `in_place_mistake` replaces the general advice
    given when the call changes an input.

    Returns (result, the Call), the Call being what a failure message shows.
    """
    the_call = Call(module.__name__, function, inputs, dict(keywords or {}))
    return call_learner(module, the_call, spy=spy, in_place_mistake=in_place_mistake), the_call


def call_learner(module, call: Call, spy: Optional[str] = None, in_place_mistake: Optional[str] = None) -> Any:
    """`call` run by the worker, turned into a verdict when the learner's code misbehaves.

    Fails when the call raises, when NumPy overflows, divides by zero or makes a nan
    (any RuntimeWarning), when it changes one of its inputs in place, when it ends the
    worker, or when it returns anything but plain data (arrays, numbers, tuples, lists, dicts).
    """
    try:
        args = [value.as_data() if isinstance(value, PassedFunction) else value for value in call.inputs.values()]
        got, changed, call.spied = module.invoke(call.function, args, call.keywords, spy)
    except LearnerRaised as raised:
        raise _verdict(call, raised.details) from None
    except WorkerDied as died:
        raise CheckFailure(f"{call.function}: the grading process {died} while running it", call=call) from None
    if changed:
        where = changed[0]
        name = list(call.inputs)[where] if type(where) is int and where < len(call.inputs) else str(where)
        if where in getattr(changed, "replaced", ()):  # new arrays put into the caller's container
            raise CheckFailure(
                f"{call.function} changed its input {name} in place: it replaced items of the caller's {name}",
                call=call, details=[f"{name}'s own arrays are unchanged, but {name} holds other objects than before"],
                mistake=f"{name}[...] = ... on the {type(call.inputs[name]).__name__} you were given puts the new "
                        f"values into the caller's {name} too (returning it afterwards does not undo that)")
        raise CheckFailure(
            f"{call.function} changed its input {name} in place",
            call=call, details=[f"{name} after the call differs from {name} before it"],
            mistake=in_place_mistake or _in_place_hint(name, call.inputs[name]))
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
    shapes = _shapes_shown(error.get("shapes"))
    if shapes:
        details.append(f"your arrays there: {shapes}")
        if any(word in str(text) for word in ("shape", "dimension", "broadcast")):
            details.append("a shape error: the line it points at may be right; look for the array of the wrong "
                           "shape among these and at the line that made it")
    code = str(error.get("code") or "")  # read to choose the advice, never shown unquoted
    if kind == "floating":
        return CheckFailure(f"{call.function} hit a floating-point {_kind(str(text))} on a finite input ({raised})",
                            call=call, details=details, mistake=_float_hint(str(text), call.function, code))
    if kind == "warning":
        return CheckFailure(f"{call.function} warned ({raised})", call=call, details=details,
                            mistake=_float_hint(str(text), call.function, code))
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


def _shapes_shown(shapes: Any) -> str:
    """'dZ1 (3, 2), X (4, 2)' from the worker's {name: shape}; anything else in it is left out."""
    if not isinstance(shapes, dict):
        return ""
    shown = [f"{name} {tuple(shape)}" for name, shape in list(shapes.items())[:12]
             if isinstance(name, str) and quote_type(name) == name and isinstance(shape, list)  # a plain name
             and len(shape) <= 8 and all(isinstance(n, int) and not isinstance(n, bool) for n in shape)]
    return ", ".join(shown)


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
                 rtol: float = RTOL, atol: float = ATOL, **fields: Any) -> None:
    """Fail unless `got` is a float64 ndarray of expected's shape and close to it.

    `what` names the value ("sigmoid(z)", "dW1"); `mistakes` maps a named mistake (an id of
    checks/mistakes.py's CATALOGUE, or words) to the value that mistake would produce; `m` (the
    number of examples) adds the sum-instead-of-mean and divided-twice patterns; `fields` fill in
    the mistake's words (name="W1").
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
                           call=call, mistake=name_mistake(got, expected, mistakes, m=m, what=what, **fields))
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
        mistake=name_mistake(got, expected, mistakes, m=m, what=what, **fields))


def array_result(what: str, got: Any, shape, *, call: Optional[Call] = None) -> np.ndarray:
    """Fail unless `got` is a float64 array of `shape` (a float stands for shape ()); return it."""
    if isinstance(got, (float, np.floating)) and tuple(shape) == ():
        got = np.asarray(got)
    if not isinstance(got, np.ndarray) or got.shape != tuple(shape) or got.dtype != np.float64:
        raise CheckFailure(f"{what} should be a float64 array of shape {tuple(shape)} but is "
                           f"{describe_type(got)}", call=call, mistake=_type_hint(got))
    return got


def scalar_result(what: str, got: Any, *, call: Optional[Call] = None, expected: Optional[float] = None,
                  mistakes: Optional[Dict[str, Any]] = None, m: Optional[int] = None) -> float:
    """Fail unless `got` is one float64 number (a float, an np.float64 or a 0-d array).

    With `expected` (and the `mistakes` of expect_array), an array of one value that is not a
    number is also judged by its value, so that the shape does not hide a second mistake.
    """
    if isinstance(got, np.ndarray) and got.ndim > 0:
        details = []
        if expected is not None and got.size == 1 and got.dtype.kind == "f":
            value = float(got.item())
            if np.isclose(value, expected, rtol=RTOL, atol=ATOL):
                details.append(f"its one value, {value!r}, is right: only its shape is wrong")
            else:
                named = name_mistake(np.float64(value), expected, mistakes, m=m, what="its value")
                details.append(f"its one value is wrong too: {value!r}, expected {float(expected)!r}"
                               + (f" ({named})" if named else ""))
        raise CheckFailure(f"{what} should be a single number but is {describe_type(got)}", call=call,
                           details=details, mistake=_one_number_hint(got))
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
    value = scalar_result(what, got, call=call, expected=expected, mistakes=mistakes, m=m)
    expect_array(what, np.asarray(value), np.asarray(expected, dtype=np.float64),
                 call=call, mistakes=mistakes, m=m, rtol=rtol, atol=atol)
    return value


def expect_params_dict(what: str, got: Any, keys, *, call: Optional[Call] = None) -> None:
    """Fail unless `got` is a dict holding at least `keys` (extra entries do no harm)."""
    if not isinstance(got, dict):
        raise CheckFailure(f"{what} should be a dict but is {describe_type(got)}", call=call,
                           mistake=_type_hint(got, "dict"))
    missing = [key for key in keys if key not in got]
    if missing:
        raise CheckFailure(f"{what} should have the keys {list(keys)}; missing {missing}", call=call)


def _kind(error: FloatingPointError) -> str:
    text = str(error)
    for word in ("overflow", "divide", "invalid"):
        if word in text:
            return {"divide": "division by zero", "invalid": "invalid operation (nan)"}.get(word, word)
    return "error"


def _float_hint(text: str, function: str = "", code: str = "") -> str:
    """What a floating-point error means, for the function that hit it and the line (`code`) it hit it on."""
    if "overflow" in text:
        # Name the operation the failing line has (the learner's own line, when it is known).
        said = "a number beyond float64's range: " + (
            "x ** 2 is inf from |x| = 1.4e154 on" if "**" in code and "exp" not in code
            else "np.exp(z) is inf from z = 710 on")
        if "np.where" in code:
            return (f"{said}. np.where computes both branches everywhere before it chooses, so a branch with e^z "
                    "overflows even where it is not chosen")
        if function == "sigmoid_prime":
            return (f"{said}. Your sigmoid is already safe at every z: a derivative written with sigmoid(z) "
                    "never overflows")
        return said
    if "log" in text or "divide" in text:
        return "log(0) is -inf: clip the probabilities to [eps, 1 - eps] before taking the log"
    return "an operation produced inf or nan from finite numbers"


def _in_place_hint(name: str, value: Any) -> str:
    """Which kind of assignment changes the caller's `name`, told by what `name` is."""
    if isinstance(value, dict):
        return (f"an array inside {name} was changed where it lives ({name}['key'] -= ..., or += on an array "
                "taken from it; dict(...) and .copy() copy the dict, not its arrays), so the caller's arrays "
                "changed too")
    return (f"{name} was changed where it lives ({name}[...] = , {name} -= , {name} += , or out={name}), so the "
            "caller's array changed too")


def _one_number_hint(got: np.ndarray) -> str:
    """What made an array where one number belongs, told by its shape."""
    if got.shape == (1, 1):
        return ("a (1, 1) array: what @ (or np.dot) of a (1, m) row by an (m, 1) column gives, or a sum with "
                "keepdims=True")
    if got.ndim == 1 and got.size == 1:
        return "a (1,) array: a sum or mean over one axis (axis=1) keeps the other axis"
    return "an array of several values where one number belongs: the result averages over every example"


def _type_hint(got: Any, wanted: str = "array") -> Optional[str]:
    """What is wrong with a result of the wrong type; `wanted` is "array" or "dict"."""
    if got is None:
        return "the function returned nothing: did you forget `return`?"
    if wanted == "dict" and isinstance(got, (list, tuple)):
        return (f"a {type(got).__name__} has its values in order, without names: the grader reads each one by "
                "its key, so this must be a dict")
    if isinstance(got, (list, tuple)):
        return f"a Python {type(got).__name__} where a NumPy array belongs (np.array(...) makes one)"
    return None
