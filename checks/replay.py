"""Replay scripts: a failed check as a few lines of Python a learner can run or debug.

Each script rebuilds the failing input, loads the learner's lesson into its own process
with the same package the grader's worker uses (earlier lessons from the reference, or
the learner's own for a chain check), calls the function and the reference one, and
prints what came back beside what was expected. They live in .checks/replay/ next to lessons/, never
inside it.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Optional

from .loading import lessons_dir

if TYPE_CHECKING:  # the grading parent never imports NumPy (failure.py does) just for a type
    from .failure import CheckFailure

TEMPLATE = '''"""Replay of a failed check: {check}.

{summary}

Run it from anywhere (python {path}) or open it in your debugger and step into
{function}(). Written by `python -m checks`; safe to delete.
"""

import os
import sys

import numpy as np

os.environ["CHECKS_LESSONS"] = {lessons!r}
sys.dont_write_bytecode = True  # leave no __pycache__ in your lessons/

from checks.course import find_lesson  # noqa: E402
from checks.loading import load_lesson  # noqa: E402
from checks.reference import grading, module  # noqa: E402

grading(find_lesson("{number}"), None)
reference = module("{module}")  # the reference (in a student release: the values stored from it)
lesson = load_lesson(find_lesson("{number}"){own_chain})  # your lessons/{module}.py

{inputs}

got = lesson.{call}
expected = reference.{call}
print("got:     ", got)
print("expected:", expected)
'''


def replay_dir(folder: Optional[Path] = None) -> Path:
    """.checks/replay beside the graded lessons folder (`folder`, default $CHECKS_LESSONS or ./lessons)."""
    return (folder or lessons_dir()).parent / ".checks" / "replay"


def write_replay(check: str, failure: "CheckFailure") -> str:
    """Write the replay script of `failure` in check `check`; return its path."""
    call = failure.call
    package, module = call.module.rsplit(".", 1)
    number = int(module.removeprefix("lesson")[:2])
    directory = replay_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{module}-{check}.py"
    path.write_text(TEMPLATE.format(
        check=check, summary=_in_docstring(failure.summary), path=path, function=call.function,
        lessons=str(lessons_dir()), number=number,
        own_chain=", own_chain=True" if package.startswith("chain") else "",
        inputs=call.source(), call=call.expression(), module=module))
    return str(path)


def _in_docstring(text: str) -> str:
    """`text` safe inside the script's docstring: a message quoting the learner's text cannot end it."""
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
