"""The pristine stubs of lessons/, made from the reference solutions.

A solution marks what the learner writes between `### BEGIN SOLUTION` and
`### END SOLUTION`; the stub keeps everything else (imports, signatures, docstrings,
code the lesson gives) and puts one `raise NotImplementedError(...)` in each block.
A comment line in a block that starts with `#:` is kept in the stub, as a plain `#`
comment before the raise: it lays out the steps for the learner (`#: dZ2 = ...  # (1, m)`)
without their right-hand sides. Comments are not code, so such a stub still counts as
not started (`checks.loading.is_stub`).
`lessons/` holds exactly these stubs in a fresh clone (a test says so), and
`python -m checks reset N` restores one.
"""

import re
from pathlib import Path

from .course import SOLUTIONS_DIR, STORE_DIR, Lesson

_BLOCK = re.compile(r"^( *)### BEGIN SOLUTION\n.*?^ *### END SOLUTION\n", re.M | re.S)
_DEF = re.compile(r"^def (\w+)\(", re.M)
_KEPT = re.compile(r"^ *#:(.*)$", re.M)  # a scaffold comment the stub keeps


def not_started_message(lesson: Lesson, function: str) -> str:
    return (f"lesson {lesson.number} not started: write {function}() in lessons/{lesson.filename}, "
            f"then run `python -m checks {lesson.number}` (guide: {lesson.docs_page})")


def missing_function_message(lesson: Lesson, function: str, source: str) -> str:
    """What to do when the learner's file (text `source`) defines no `function`: the grader calls each
    function by its stub's name, so a renamed one is named back, a deleted one written again. Never
    `reset`, which would replace the learner's whole file."""
    import ast
    import difflib

    try:
        defined = [node.name for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)]
    except (SyntaxError, ValueError):
        defined = []
    others = [name for name in defined if name not in lesson.functions]
    near = [name for name in others if function in name or name in function] or \
        difflib.get_close_matches(function, others, n=1, cutoff=0.5)
    from .loading import shown_path  # where the student put it, in a hand-in

    head = f"{shown_path(lesson)} has no function {function}(): the grader calls it by that name"
    if near:
        return f"{head}; your file defines {near[0]}(): rename it {function} (its code can stay as it is)"
    match = re.search(rf"^def {function}\(.*?\):", stub_source(lesson), re.M | re.S)
    signature = " ".join(match.group(0).split()) if match else f"def {function}(...):"
    return f"{head}; add it back to your file, starting `{signature}` (the lesson's page has its docstring)"


def stub_source(lesson: Lesson) -> str:
    """The text of lessons/<module>.py as the course ships it (a student release stores it)."""
    if not SOLUTIONS_DIR.is_dir():
        return (STORE_DIR / f"{lesson.module}.stub").read_text(encoding="utf-8")
    source = (SOLUTIONS_DIR / lesson.filename).read_text()

    def replace(match: re.Match) -> str:
        function = _DEF.findall(source, 0, match.start())[-1]
        message = not_started_message(lesson, function)
        indent = match.group(1)
        kept = "".join(f"{indent}#{line.rstrip()}\n" for line in _KEPT.findall(match.group(0)))
        return f"{kept}{indent}raise NotImplementedError(\n{indent}    {message!r})\n"

    return _BLOCK.sub(replace, source)


def is_pristine(path: Path, lesson: Lesson) -> bool:
    """True when the file is byte for byte the shipped stub (the learner has not begun)."""
    try:
        return path.read_bytes() == stub_source(lesson).encode("utf-8")
    except OSError:  # missing, a folder, unreadable: not the stub (grading says what is wrong)
        return False


def main() -> None:
    """Rewrite lessons/ from solutions/ (for course authors: `python -m checks.stubs`)."""
    from .course import LESSONS

    lessons_dir = SOLUTIONS_DIR.parent / "lessons"
    for lesson in LESSONS:
        (lessons_dir / lesson.filename).write_text(stub_source(lesson))
        print(f"wrote lessons/{lesson.filename}")


if __name__ == "__main__":
    main()
