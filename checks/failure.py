"""What a failed check says: the exceptions the checks raise and how their inputs are shown.

A check that fails raises `CheckFailure` with a one-line summary naming the function,
plus, where it has them, the call that failed (`Call`: the function and its inputs),
the expected and the got values, detail lines and the named mistake. `NotStarted`
marks a function that is still the pristine stub. Both derive from AssertionError so
that hypothesis shrinks them like any failed assertion.
"""

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import numpy as np

LITERAL_LIMIT = 600  # characters: a longer input is shown by shape and left to the replay script


class NotStarted(AssertionError):
    """The function is still the stub that raises NotImplementedError."""


@dataclass
class Call:
    """`function(*inputs.values(), **keywords)` in the learner's module `module`.

    `inputs` are passed by position (a learner may name parameters as they like) and
    named here only to show them; `keywords` are keyword-only arguments.
    """

    module: str  # the package and module in the worker, e.g. "graded04.lesson04_backward"
    function: str
    inputs: Dict[str, Any]
    keywords: Dict[str, Any] = field(default_factory=dict)
    spied: Optional[List[Any]] = None  # with call(..., spy=name): what `name` returned during the call

    def source(self) -> str:
        """Python that rebuilds the inputs, one assignment per line."""
        return "\n".join(f"{name} = {literal(value, limit=None)}" for name, value in self.inputs.items())

    def expression(self) -> str:
        """The call as Python source, e.g. `backward(X, Y, params, cache)`."""
        words = list(self.inputs) + [f"{key}={value!r}" for key, value in self.keywords.items()]
        return f"{self.function}({', '.join(words)})"


@dataclass(frozen=True)
class PassedFunction:
    """A function a check passes to the learner's code (lesson 4's f): the source of a lambda of one
    array and np, which the worker evaluates (`as_data`: only data crosses) and a message or a replay
    script shows as it is."""

    source: str  # "lambda x: np.sum(...)"
    shape: tuple  # the shape of the arrays it takes

    def __repr__(self) -> str:
        return self.source

    def as_data(self) -> dict:
        return {"$function": self.source, "shape": list(self.shape)}


class CheckFailure(AssertionError):
    """A check's verdict against the learner, already worded for them."""

    def __init__(self, summary: str, *, call: Optional[Call] = None, expected: Any = None,
                 got: Any = None, details: Optional[List[str]] = None, mistake: Optional[str] = None,
                 show_values: bool = True):
        self.summary = summary
        self.call = call
        self.expected = expected
        self.got = got
        self.details = list(details or [])
        self.mistake = mistake
        self.show_values = show_values
        super().__init__(self.explain())

    def explain(self) -> str:
        summary = self.summary
        if self.call is not None and self.call.function not in summary:
            summary = f"{self.call.function}: {summary}"  # every verdict names the function it judges
        lines = [summary]
        if self.call is not None:
            for name, value in self.call.inputs.items():
                lines.append(f"  input    {name} = {literal(value)}")
        if self.show_values and self.expected is not None:
            lines.append(f"  expected {literal(self.expected)}")
            lines.append(f"  got      {literal(self.got)}")
        lines.extend(f"  {line}" for line in self.details)
        if self.mistake:
            lines.append(f"  likely mistake: {self.mistake}")
        return "\n".join(lines)


def literal(value: Any, limit: Optional[int] = LITERAL_LIMIT) -> str:
    """Python source for `value` that can be pasted back (np.array(...) with exact floats).

    With a `limit`, a longer text is replaced by a description of the value's shape.
    """
    text = _literal(value)
    if limit is not None and len(text) > limit:
        return _describe(value)
    return text


def _literal(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key!r}: {_literal(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)) and not _is_numeric_sequence(value):
        items = ", ".join(_literal(item) for item in value)
        return f"[{items}]" if isinstance(value, list) else f"({items}{',' if len(value) == 1 else ''})"
    if isinstance(value, np.ndarray):
        body = " ".join(np.array2string(value, separator=", ", floatmode="unique", threshold=10**9,
                                        max_line_width=10**9).split())
        dtype = "" if value.dtype == np.float64 else f", dtype=np.{value.dtype}"
        return f"np.array({body}{dtype})"
    if isinstance(value, (np.floating, np.integer, np.bool_)):
        return repr(value.item())  # a number, plainly: 0.0, not np.float64(0.0)
    return repr(value)


def _is_numeric_sequence(value) -> bool:
    return all(isinstance(item, (int, float)) for item in value)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key!r}: {_describe(item)}" for key, item in value.items()) + "}"
    if isinstance(value, np.ndarray):
        return (f"<array shape {value.shape} {value.dtype}, values {value.min():.3g} to {value.max():.3g};"
                " see the replay script>") if value.size else f"<empty array shape {value.shape}>"
    return f"<{type(value).__name__}>"


def describe_type(value: Any) -> str:
    """A short phrase for what a function returned: 'a float64 array of shape (2, 3)', 'None'."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"a {value.dtype} array of shape {value.shape}"
    return f"a {type(value).__name__}"
