"""Reading the learner's lesson files, on the trusted side: as text, never as imported code.

The grader reads each lesson file itself (a file that is missing, a folder, unreadable or
not UTF-8 is one line saying so), looks at its syntax tree (which functions are still the
stub, which libraries it imports) and sends the sources to the worker, which is the only
process that runs them. A lesson is graded in a package whose earlier lessons are the
reference solutions; a chain check uses a package of the learner's own lessons only.
"""

import ast
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import List, NamedTuple, Optional, Tuple

from worker.main import MACHINE_LEARNING

from .course import LESSONS, Lesson
from .quoting import SHOWN_PATH

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "solutions"
# Importing these fails a lesson: the course is written with NumPy alone, and a lesson may not
# reach into the grader or the reference.
FORBIDDEN = {name: "a machine-learning library" for name in MACHINE_LEARNING}
FORBIDDEN.update(checks="the course's grader", solutions="the course's reference solutions")


class LessonLoadError(Exception):
    """A lesson file that cannot be graded; the message says which and why, in one line."""


class Module(NamedTuple):
    """One module of a package sent to the worker: the learner's source, or (source None) a
    reference module the grader answers for, by the names of its functions."""

    name: str  # "lesson04_backward"
    shown: str  # how messages name its file: "lessons/lesson04_backward.py" or "solutions/..."
    source: Optional[str]  # None: answered by the grader (checks/remote.py), never sent
    learners: bool  # the learner's code (True) or the grader's (False)
    names: Tuple[str, ...] = ()  # with source None: the functions the worker may ask for


def lessons_dir() -> Path:
    """The folder being graded: $CHECKS_LESSONS, else the lessons/ of the course folder at or above
    the working directory (`find_course`), else ./lessons (the command line refuses that case first)."""
    if os.environ.get("CHECKS_LESSONS"):
        return Path(os.environ["CHECKS_LESSONS"]).resolve()
    course = find_course(Path.cwd())
    return (course if course is not None else Path.cwd()).resolve() / "lessons"


def find_course(start: Path) -> Optional[Path]:
    """The course folder at or above `start`, or None: the nearest that holds a lessons/ folder of
    this course (with its __init__.py or a lesson file in it) or lessons/ beside checks/ (the course
    as cloned, or a student release). So the course is graded from any of its folders: from docs/,
    docs/lessons/ (the pages) is not taken for it."""
    start = start.resolve()
    for folder in (start, *start.parents):
        lessons = folder / "lessons"
        if lessons.is_dir() and ((folder / "checks").is_dir() or (lessons / "__init__.py").is_file()
                                 or any((lessons / lesson.filename).is_file() for lesson in LESSONS)):
            return folder
    return None


def _submission() -> Optional[dict]:
    """Grading a hand-in (grade-class, the Gradescope autograder): where each file was in it and the
    files refused, from $CHECKS_SUBMISSION (checks/instructor/submissions.py); None for a course folder."""
    try:
        found = json.loads(os.environ.get("CHECKS_SUBMISSION") or "null")
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def shown_path(lesson: Lesson) -> str:
    """How messages name the learner's file: `lessons/lesson03_loss.py` in a course folder, and in a
    hand-in where the student put it (`lesson03_loss.py` when handed in flat)."""
    submission = _submission()
    if submission is None:
        return f"lessons/{lesson.filename}"
    path = str(submission.get("paths", {}).get(lesson.filename, lesson.filename))
    return path if SHOWN_PATH.fullmatch(path) else lesson.filename  # the student's folder names are theirs


def read_lesson(lesson: Lesson, folder: Optional[Path] = None) -> str:
    """The text of the learner's file for `lesson`; LessonLoadError (one line) when it cannot be read."""
    path = (folder or lessons_dir()) / lesson.filename
    shown = shown_path(lesson)
    restore = f"restore the stub with `python -m checks reset {lesson.number}`"
    submission = _submission()
    if submission is not None:  # advice that means something for a hand-in: there is no stub to restore
        refused = submission.get("refused", {}).get(lesson.filename)
        if refused:
            raise LessonLoadError(f"{shown} {refused}")
        if not path.is_file():
            raise LessonLoadError(f"{lesson.filename} is not in your submission: hand it in with your other "
                                  "lesson files (on its own or inside a lessons/ folder)")
    if path.is_dir():
        raise LessonLoadError(f"{shown} is a folder, not a file: move it away, then {restore}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LessonLoadError(f"{shown} is missing: {restore}") from None
    except OSError as error:
        raise LessonLoadError(f"{shown} cannot be read ({error.strerror or error}): check its permissions") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise LessonLoadError(f"{shown} is not UTF-8 text (byte 0x{data[error.start]:02x} on line {line}): save "
                              "it as UTF-8 in your editor") from None


def package(lesson: Lesson, *, own_chain: bool = False, folder: Optional[Path] = None) -> List[Module]:
    """The modules of the package that grades `lesson`: the reference lessons before it (their
    function names only: the grader answers their calls, the worker never holds their code) and
    the learner's lesson, or with `own_chain` the learner's lessons 1 to lesson.number. A student
    release has no reference: there it is the learner's lesson and their own lessons it uses."""
    if not REFERENCE_DIR.is_dir() and not own_chain:
        return [Module(used.module, shown_path(used), read_lesson(used, folder), True)
                for used in (*lessons_used(lesson), lesson)]
    modules = []
    for earlier in LESSONS[: lesson.number]:
        if earlier is lesson or own_chain:
            modules.append(Module(earlier.module, shown_path(earlier), read_lesson(earlier, folder), True))
        else:
            modules.append(Module(earlier.module, f"solutions/{earlier.filename}", None, False,
                                  reference_functions(earlier)))
    return modules


@lru_cache(maxsize=None)
def reference_functions(lesson: Lesson) -> Tuple[str, ...]:
    """The public functions of the reference `lesson` (what a later lesson may import from it)."""
    tree = ast.parse((REFERENCE_DIR / lesson.filename).read_text(encoding="utf-8"))
    return tuple(node.name for node in tree.body
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"))


@lru_cache(maxsize=None)
def lessons_used(lesson: Lesson) -> Tuple[Lesson, ...]:
    """The earlier lessons whose code grading `lesson` runs, in order: those its stub imports
    (`from .lesson01_sigmoid import ...`), those its checks ask the reference for
    (`reference_module("lesson03_loss")`), and the lessons those use in turn."""
    from .stubs import stub_source

    names = set()
    for node in ast.walk(ast.parse(stub_source(lesson))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names.update([node.module] if node.module else [alias.name for alias in node.names])
    for node in ast.walk(ast.parse(lesson.check_file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "reference_module" and node.args:
            names.add(ast.literal_eval(node.args[0]))
    direct = [earlier for earlier in LESSONS[: lesson.number - 1] if earlier.module in names]
    found = {used for earlier in direct for used in (*lessons_used(earlier), earlier)}
    return tuple(earlier for earlier in LESSONS if earlier in found)


def prerequisites(lesson: Lesson) -> Tuple[Lesson, ...]:
    """The lessons that must pass before `lesson` can be graded whole: in a student release, the
    lessons it uses (their code runs in its checks); otherwise, for a lesson with chain checks,
    every lesson before it."""
    if not REFERENCE_DIR.is_dir():
        return lessons_used(lesson)
    return tuple(LESSONS[: lesson.number - 1]) if lesson.chain_checks else ()


def stub_functions(source: str, functions) -> List[str]:
    """Those of `functions` whose last top-level definition in `source` is still only the stub:
    a docstring and `raise NotImplementedError(...)`."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    defined = {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return [name for name in functions if name in defined and _is_stub_body(defined[name].body)]


def _is_stub_body(body) -> bool:
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    raised = body[0].exc.func if isinstance(body[0].exc, ast.Call) else body[0].exc
    return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"


def forbidden_import(source: str) -> Optional[Tuple[str, str]]:
    """(the module, what it is) of the first import of a forbidden package in `source`, else None."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and _imports_by_name(node):
            names = [node.args[0].value]
        for name in names:
            if name.partition(".")[0] in FORBIDDEN:
                return name, FORBIDDEN[name.partition(".")[0]]
    return None


def _imports_by_name(node: ast.Call) -> bool:
    """`importlib.import_module("x")` or `__import__("x")` with a literal name."""
    called = ast.unparse(node.func)
    return (called in ("__import__", "importlib.import_module", "import_module") and node.args
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str))


def forbidden_message(lesson: Lesson, name: str, what: str) -> str:
    return (f"{shown_path(lesson)} imports {name} ({what}): the course is written with NumPy alone, so "
            "remove that import and write the code yourself")


def load_lesson(lesson: Lesson, *, own_chain: bool = False):
    """The learner's module, imported into THIS process (replay scripts only: never while grading)."""
    from worker.main import load_package

    name = ("chain" if own_chain else "graded") + f"{lesson.number:02d}"
    modules = [module._replace(source=(REFERENCE_DIR / f"{module.name}.py").read_text(encoding="utf-8"))
               if module.source is None else module for module in package(lesson, own_chain=own_chain)]
    return load_package(name, [list(module) for module in modules])[lesson.module]
