"""The learner's text, quoted as theirs: never shown as if the grader had written it.

Everything the worker sends is the learner's to choose: an exception's message and type
name, the line of code it was raised at, a path. A message reading "8/8 checks, passing"
must not pass for the grader's own line in a terminal, a CI log, results.json or a replay
script. So each such text is shown on one line, capped, with control characters escaped
and in quotes, after words that say whose it is ("your code raised ValueError: '...'").
"""

import re

LIMIT = 160  # characters of the learner's text shown; the rest is cut, and the cut is marked

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_.]{0,79}")
# How the grader names a lesson file (checks/loading.py `shown_path`): lessons/NAME or solutions/NAME, and in a
# hand-in the path the student gave it, plain folder names only (any other is shown as its bare NAME).
SHOWN_PATH = re.compile(r"(?:[A-Za-z0-9_.-]{1,40}/){0,4}lesson\d\d_[a-z0-9_]+\.(?:py|ipynb)")


def quote_learner(text, limit: int = LIMIT) -> str:
    """`text` as a one-line quotation: repr-style escapes (newlines, ANSI and every control
    character), at most `limit` characters, in quotes; "(no message)" when empty."""
    text = "" if text is None else str(text)
    if not text:
        return "(no message)"
    cut = len(text) > limit
    body = repr(text[:limit])  # escapes \n, \r, \x1b, ...: one line, no terminal control
    return body + (f" (cut at {limit} characters)" if cut else "")


def quote_code(text, limit: int = LIMIT) -> str:
    """A line of the learner's code, quoted like any learner text (it is theirs too)."""
    return quote_learner((text or "").strip(), limit)


def quote_type(name) -> str:
    """An exception's type name as the worker reported it: shown bare only if it is a plain
    (dotted) identifier, else quoted."""
    name = "" if name is None else str(name)
    return name if _IDENTIFIER.fullmatch(name) else quote_learner(name, 80)


def quote_path(path) -> str:
    """A lesson file's path as the worker echoed it: only the course's own shape is shown bare."""
    path = "" if path is None else str(path)
    return path if SHOWN_PATH.fullmatch(path) else "your lesson file"
