"""The course in a notebook: `checks.setup`, `checks.grade` and `checks.hint` (notebooks/*.ipynb).

A lesson notebook (made by `python -m docs_build`, docs/notebooks.md) runs three things:

- `checks.setup("lesson04_backward")` in its first cell: finds the course folder (a clone, a
  student release, or one made earlier in the current folder) or makes `./four-or-five/`,
  works there from then on, writes the stub of every lesson file that does not exist yet and
  never touches one that does;
- its lesson cell, `%%writefile lessons/<module>.py`: the learner's code becomes the lesson
  file the one grader grades. `setup` puts a careful `%%writefile` in place of IPython's: a
  lesson file changed outside the notebook (in an editor, by `python -m checks reset`) is
  first copied to lessons/.backups/, so running the notebook never loses work;
- `checks.grade(4)`: `python -m checks 4` in a process of its own (the kernel never imports a
  lesson, and nothing defined in the kernel can change a verdict), shown as one HTML block
  made from the terminal's own report (rich's recording console); `checks.hint(4)`: the
  terminal's hint.
"""

import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import List, Optional, Sequence, Union

COURSE_FOLDER = "four-or-five"  # made in the current folder where no course folder is found
WRITES_FILE = "notebook-writes.json"  # .checks/: the hash of what each lesson cell last wrote
WIDTH = 100  # the report's width in characters (a terminal's is its own)
Key = Union[int, str]


class CourseError(Exception):
    """The notebook cannot find or make its course folder; one line says why."""


# --- the first cell ---------------------------------------------------------------------------

def is_course_folder(folder: Path) -> bool:
    """A clone, a release, or a folder `setup` made: it holds lessons/ as a package with lesson 1."""
    return (folder / "lessons" / "__init__.py").is_file() and (folder / "lessons" / "lesson01_sigmoid.py").exists()


def find_course(start: Optional[Path] = None) -> Optional[Path]:
    """The course folder that holds `start` (default: the current folder), or ./four-or-five."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if is_course_folder(folder):
            return folder
    made = start / COURSE_FOLDER
    return made if is_course_folder(made) else None


def setup(module: str, start: Optional[Path] = None) -> Path:
    """Make the course ready for the notebook of lesson `module`; returns the course folder.

    Works in the course folder from then on (the lesson cell writes `lessons/<module>.py`
    relative to it), writes only what is missing (lessons/__init__.py, the stubs of lesson
    files that do not exist) and nothing outside that folder.
    """
    from .course import LESSONS, find_lesson
    from .stubs import stub_source

    try:
        lesson = find_lesson(module)
    except KeyError as error:
        raise CourseError(error.args[0]) from None
    course = find_course(start)
    made = course is None
    if made:
        course = (start or Path.cwd()).resolve() / COURSE_FOLDER
    lessons = course / "lessons"
    lessons.mkdir(parents=True, exist_ok=True)
    if not (lessons / "__init__.py").exists():
        (lessons / "__init__.py").write_text("", encoding="utf-8")
    written = []
    for each in LESSONS:
        path = lessons / each.filename
        if not path.exists():  # a file that exists is the learner's: never replaced
            path.write_text(stub_source(each), encoding="utf-8")
            written.append(each.filename)
    os.chdir(course)
    if str(course) not in sys.path:
        sys.path.insert(0, str(course))  # `import lessons...` in a cell finds this course's lessons
    _register_writefile()
    state = "made" if made else "found"
    print(f"course folder {state}: {course}")
    if written and not made:
        print(f"wrote the stubs of {len(written)} missing lesson file(s): {', '.join(written)}")
    print(f"lesson {lesson.number}: your code goes in the cell that starts `%%writefile lessons/{lesson.filename}`; "
          "running that cell saves it as your lesson file.")
    print("After a runtime reset (Colab), run every cell again: this notebook holds your code, so the "
          "lesson cell writes your lesson file back.")
    return course


# --- the lesson cell --------------------------------------------------------------------------

def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cell_file_text(body: str) -> str:
    """The lesson file a `%%writefile` cell's body makes: its lines, ending in one newline (as the stub does)."""
    return body.rstrip("\n") + "\n"


def write_lesson_cell(target: str, text: str, course: Optional[Path] = None) -> str:
    """Write a lesson cell's `text` to `target` (lessons/<module>.py); returns what was done, one line.

    A file that is neither the shipped stub nor what a lesson cell wrote last (the learner
    changed it elsewhere) is first copied to lessons/.backups/<module>-<time>.py.
    """
    from .course import find_lesson
    from .stubs import stub_source

    course = (course or Path.cwd()).resolve()
    path = (course / target).resolve()
    if path.parent != course / "lessons" or path.suffix != ".py":
        raise CourseError(f"{target}: a lesson cell writes lessons/<lesson file>.py in the course folder {course}")
    try:
        lesson = find_lesson(path.stem)
    except KeyError as error:
        raise CourseError(str(error)) from None
    data = cell_file_text(text).encode("utf-8")
    writes_path = course / ".checks" / WRITES_FILE
    try:
        writes = json.loads(writes_path.read_text(encoding="utf-8"))
        writes = writes if isinstance(writes, dict) else {}
    except (OSError, ValueError):
        writes = {}
    kept = ""
    if path.is_file():
        old = path.read_bytes()
        if old != data and old != stub_source(lesson).encode("utf-8") and _digest(old) != writes.get(path.name):
            backups = path.parent / ".backups"
            backups.mkdir(exist_ok=True)
            backup = backups / f"{lesson.module}-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}.py"
            shutil.copy2(path, backup)
            kept = f"; the file you had changed outside this notebook is kept in {backup.relative_to(course)}"
    path.write_bytes(data)
    writes[path.name] = _digest(data)
    writes_path.parent.mkdir(exist_ok=True)
    writes_path.write_text(json.dumps(writes, indent=1) + "\n", encoding="utf-8")
    return f"saved lessons/{path.name}{kept}"


def _register_writefile() -> None:
    """Put the careful `%%writefile` (write_lesson_cell for lesson files) in IPython's place."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    builtin = shell.find_cell_magic("writefile")
    if getattr(builtin, "_four_or_five", False):
        return

    def writefile(line, cell):
        target = line.strip()
        if not re.fullmatch(r"lessons/\w+\.py", target):
            return builtin(line, cell)
        try:
            print(write_lesson_cell(target, cell))
        except CourseError as error:
            print(f"error: {error}", file=sys.stderr)

    writefile._four_or_five = True
    shell.register_magic_function(writefile, magic_kind="cell", magic_name="writefile")


# --- grading ----------------------------------------------------------------------------------

class Verdict:
    """What `checks.grade` returns: the terminal's report, shown in a notebook as one HTML block.

    `text` is the report as `python -m checks` prints it; `html` the same report, coloured;
    `exit_code` the command's (0 exactly when every graded check passes); `lessons` each
    graded lesson's {"number", "status", "passed", "checks", "points", "max_points"}.
    """

    def __init__(self, text: str, html_text: str, exit_code: int, lessons: List[dict]):
        self.text, self.html, self.exit_code, self.lessons = text, html_text, exit_code, lessons

    @property
    def points(self) -> float:
        return sum(lesson["points"] for lesson in self.lessons)

    @property
    def passed(self) -> bool:
        return self.exit_code == 0

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def _lesson_numbers(keys: Sequence[Key]) -> List[str]:
    from .course import find_lesson

    try:
        return [str(find_lesson(str(key)).number) for key in keys]
    except KeyError as error:
        raise CourseError(error.args[0]) from None


def grade(*lessons: Key, lessons_dir: Optional[Path] = None, timeout: Optional[float] = None) -> Verdict:
    """Grade like `python -m checks [LESSON ...]`, in a process of its own; the Verdict displays itself."""
    try:
        numbers = _lesson_numbers(lessons)
    except CourseError as error:
        return _error_verdict(f"error: {error}")
    folder = Path(lessons_dir or os.environ.get("CHECKS_LESSONS") or "lessons").resolve()
    command = [sys.executable, "-m", "checks.notebook", *numbers, "--lessons-dir", str(folder)]
    if timeout is not None:
        command += ["--timeout", str(timeout)]
    # Started where this checks/ is (installed or not), so `-m` imports it, never a checks/ beside the lessons.
    course_code = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [course_code, os.environ.get("PYTHONPATH")]))}
    env.pop("NO_COLOR", None)  # the colours are the report's; the HTML carries them
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=course_code)
    try:
        answer = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return _error_verdict((done.stderr.strip().splitlines() or ["the grader gave no report"])[-1])
    return Verdict(answer["text"], answer["html"], answer["exit_code"], answer["lessons"])


def _error_verdict(message: str) -> Verdict:
    """A grading that could not run: its one line, as text and HTML (exit code 2, as the command's)."""
    return Verdict(message, HTML_FORMAT.format(code=html.escape(message)), 2, [])


def hint(lesson: Key, tier: Optional[int] = None) -> None:
    """Print the next hint for `lesson`, as `python -m checks hint LESSON [--tier K]` does."""
    from .course import find_lesson
    from .hints import show_hint

    try:
        chosen = find_lesson(str(lesson))
    except KeyError as error:
        print(f"error: {error.args[0]}", file=sys.stderr)
        return
    if tier is not None and tier not in (1, 2, 3):
        print("error: tier must be 1, 2 or 3", file=sys.stderr)
        return
    from contextlib import redirect_stdout

    text = io.StringIO()
    with redirect_stdout(text):
        show_hint(chosen, tier)
    print(in_notebook_words(text.getvalue()), end="")


NOTEBOOK_COMMANDS = ((re.compile(r"`python -m checks hint (\d+)`"), r"`checks.hint(\1)`"),
                     (re.compile(r"`python -m checks (\d+)`"), r"`checks.grade(\1)`"),
                     (re.compile(r"`python -m checks`"), "`checks.grade()`"))


def in_notebook_words(text: str) -> str:
    """The report's commands as a notebook runs them: `python -m checks 4` is `checks.grade(4)`."""
    for pattern, replacement in NOTEBOOK_COMMANDS:
        text = pattern.sub(replacement, text)
    return text


HTML_FORMAT = ('<pre style="font-family: Menlo, \'DejaVu Sans Mono\', Consolas, monospace; font-size: 13px; '
               'line-height: 1.35; white-space: pre-wrap; padding: 0.6em 0.8em; border-radius: 4px; '
               'background: #fafafa; color: #1f1f1f">{code}</pre>')


def _report(argv: List[str]) -> dict:
    """Grade as the command line does (cli.grade_and_show) with a recording console: text and HTML."""
    from dataclasses import replace

    from rich.console import Console

    from . import cli
    from .report import passed

    parser = cli._grade_parser()
    args = parser.parse_args(argv)
    lessons = cli._lessons(args.lessons)
    folder, timeout = cli._lessons_dir(args.lessons_dir), cli._timeout(args.timeout)
    out = Console(record=True, file=io.StringIO(), force_terminal=True, color_system="truecolor", width=WIDTH,
                  highlight=False, soft_wrap=True)
    grading = cli.grade_and_show(lessons, folder, timeout, out, detail=bool(args.lessons))
    if not args.lessons:
        grading = replace(grading, lessons=[result for result in grading.lessons
                                            if result.lesson.part == 1 or result.status != "not started"])
    text = out.export_text(clear=False)  # the terminal's report, exactly
    failing = [result for result in grading.lessons if result.status == "failing"]
    if args.lessons and failing:  # the terminal leaves the next step to the learner; a notebook says it
        number = failing[0].lesson.number
        out.print(f"next: change your code in the lesson cell and run it, then run `checks.grade({number})` "
                  f"again; `checks.hint({number})` gives a hint", style="bold", markup=False)
    html_text = out.export_html(inline_styles=True, code_format=HTML_FORMAT)
    return {"text": text, "html": in_notebook_words(html_text),
            "exit_code": 0 if passed(grading, implicit_part_two=not args.lessons) else 1,
            "lessons": [{"number": r.lesson.number, "status": r.status, "passed": r.passed, "checks": len(r.checks),
                         "points": r.points, "max_points": r.lesson.points} for r in grading.lessons]}


def main(argv: Optional[List[str]] = None) -> int:
    """`python -m checks.notebook [LESSON ...] --lessons-dir DIR`: what `checks.grade` shows, as one JSON line."""
    from .cli import UsageError

    try:
        answer = _report(sys.argv[1:] if argv is None else argv)
    except UsageError as error:
        failed = _error_verdict(f"error: {error}")
        answer = {"text": failed.text, "html": failed.html, "exit_code": 2, "lessons": []}
    print(json.dumps(answer))
    return answer["exit_code"]


if __name__ == "__main__":
    sys.exit(main())
