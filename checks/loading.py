"""Importing the learner's lesson files for grading, each with the right earlier lessons.

A lesson file imports the lessons before it relatively (`from .lesson01_sigmoid import
sigmoid`). To grade lesson N on its own merits, its file is loaded into a fresh package
whose earlier lessons are the reference solutions; the learner's whole chain (lesson 7's
end-to-end check) is a package of the learner's files only. Nothing is copied: modules
are loaded from their files under package names of their own.
"""

import ast
import importlib.util
import inspect
import os
import sys
import textwrap
import types
from pathlib import Path

from .course import LESSONS, Lesson

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "solutions"
LEARNER_CHAIN = "_learner_chain"  # the package name of the learner's own lessons 1-7 together


class LessonLoadError(Exception):
    """A lesson file that cannot be imported; the message says which and why, in one line."""


def lessons_dir() -> Path:
    """The folder being graded: $CHECKS_LESSONS, else ./lessons."""
    return Path(os.environ.get("CHECKS_LESSONS") or Path.cwd() / "lessons").resolve()


def is_learner_file(filename: str) -> bool:
    try:
        return Path(filename).resolve().parent == lessons_dir()
    except OSError:
        return False


def load_lesson(lesson: Lesson, *, own_chain: bool = False) -> types.ModuleType:
    """The learner's module for `lesson`.

    Earlier lessons come from the reference, or with `own_chain` from the learner's
    files too. Raises LessonLoadError naming the file that does not import.
    """
    package = LEARNER_CHAIN if own_chain else f"_graded_{lesson.module}"
    name = f"{package}.{lesson.module}"
    if name in sys.modules:
        return sys.modules[name]
    if package not in sys.modules:
        root = types.ModuleType(package)
        root.__path__ = []  # a namespace of our own: submodules are placed in sys.modules by hand
        sys.modules[package] = root
    for earlier in LESSONS[: lesson.number]:
        full = f"{package}.{earlier.module}"
        if full in sys.modules:
            continue
        learner = earlier is lesson or own_chain
        _load_file((lessons_dir() if learner else REFERENCE_DIR) / earlier.filename, full, earlier)
    return sys.modules[name]


def _load_file(path: Path, name: str, lesson: Lesson) -> None:
    shown = f"lessons/{path.name}" if path.parent != REFERENCE_DIR else f"solutions/{path.name}"
    if not path.is_file():
        raise LessonLoadError(f"{shown} is missing: restore the stub with `python -m checks reset "
                              f"{lesson.number}`")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as error:
        del sys.modules[name]
        raise LessonLoadError(f"{shown} has a syntax error at line {error.lineno}: {error.msg}") from None
    except SystemExit:
        del sys.modules[name]
        raise LessonLoadError(f"{shown} called exit() while being imported: remove the exit (or put it "
                              "under `if __name__ == \"__main__\":`)") from None
    except BaseException as error:
        del sys.modules[name]
        raise LessonLoadError(f"{shown} raised {type(error).__name__} while being imported: {error}") from None


def is_stub(function) -> bool:
    """True when `function`'s body is still only the stub's `raise NotImplementedError(...)`."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return False
    body = tree.body[0].body if tree.body and hasattr(tree.body[0], "body") else []
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    raised = body[0].exc.func if isinstance(body[0].exc, ast.Call) else body[0].exc
    return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"
