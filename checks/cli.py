"""The command line: `python -m checks` (or `check-lessons`).

    python -m checks                 grade the course (part 1) and part 2: a table and the next step
    python -m checks 4               grade one lesson (4, 04 or backward): each check, the first failure explained
    python -m checks hint 4          the next hint for lesson 4 (a nudge, the concept, nearly the answer)
    python -m checks watch [4]       re-grade whenever a lesson file is saved
    python -m checks reset 4         restore lesson 4's stub (your file is backed up first)
    python -m checks classroom 1-7   grade for GitHub Classroom's autograding (.github/workflows/classroom.yml)

For instructors:
    python -m checks release DIR     write the course for a class, without the solutions
    python -m checks grade-class SUBMISSIONS --out DIR [--roster CSV] [--deadline T --late-penalty P] [--secret F]
                                     grade a class: a Gradescope export, a Canvas, Moodle or GitHub
                                     Classroom download, or one folder or zip per student; each
                                     student sits a secret exam of their own
    python -m checks autograder FILE.zip [--lessons 1-7] [--visibility V] [--time-limit S] [--secret F]
                                     build the Gradescope autograder (docs/instructors.md)

Exit code: 0 exactly when every selected check passes (a bare `python -m checks` does not count the
optional lessons 8-10 while they are untouched); 1 when some fail; 2 for a usage error.
"""

import argparse
import os
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import List, Optional

from .course import LESSONS, find_lesson

INSTRUCTOR_COMMANDS = ("grade-class", "autograder", "release")
COMMANDS = ("hint", "watch", "reset", "classroom", *INSTRUCTOR_COMMANDS)


def _instructor_kit() -> bool:
    """True in the instructor's copy; a student release ships without checks/instructor/."""
    return (Path(__file__).resolve().parent / "instructor" / "__init__.py").is_file()


def _doc() -> str:
    """This module's help, without the instructor's commands where they are not installed."""
    if _instructor_kit():
        return __doc__
    return re.sub(r"\nFor instructors:\n(?:    .*\n)+", "", __doc__)


class UsageError(Exception):
    """A bad command line: one line that says what is wrong and how to fix it."""


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        if argv and argv[0] in INSTRUCTOR_COMMANDS and not _instructor_kit():
            raise UsageError(f"`{argv[0]}` is an instructor's command: it is not part of the student release")
        if argv and argv[0] in COMMANDS:
            return _command(argv[0], argv[1:])
        return _grade(argv)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `python -m checks hint 4 | head -3`: the reader has what it wanted
        try:
            sys.stdout = open(os.devnull, "w")  # Python's own flush at exit must not raise again
        except OSError:
            pass
        return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors, as one line
        raise UsageError(f"{message} (see `python -m checks --help`)")


def _grade_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m checks", description=_doc().split("\n\n")[0],
                     epilog=_doc().split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lessons", nargs="*", metavar="LESSON", help="lesson number or name (default: all)")
    _common_options(parser)
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write Gradescope's results.json here")
    parser.add_argument("--junit", metavar="PATH", type=Path, help="also write a JUnit XML report here")
    parser.add_argument("--exam-secret", metavar="FILE", type=Path,
                        # a student release cannot grade a secret exam (it refuses the option): not offered there
                        help="grade the secret exam of these lesson files (the instructor's secret, as grade-class "
                             "and the autograder use it: docs/instructors.md); default: the fixed exam"
                        if _instructor_kit() else argparse.SUPPRESS)
    return parser


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lessons-dir", metavar="DIR", type=Path,
                        help="the folder of lesson files to grade (default: $CHECKS_LESSONS, or lessons/ in the "
                             "course folder at or above this one)")
    parser.add_argument("--timeout", metavar="SECONDS", type=float, default=None,
                        help="time limit of each check (default 10)")


def _lessons_dir(option: Optional[Path]) -> Path:
    """The lessons folder to grade (or reset): --lessons-dir, $CHECKS_LESSONS, or the lessons/ of the
    course folder at or above the working directory; UsageError when there is none."""
    from .loading import find_course, lessons_dir

    if option is None and not os.environ.get("CHECKS_LESSONS") and find_course(Path.cwd()) is None:
        raise UsageError(f"no lessons folder in {Path.cwd()} or any folder above it (the course folder holds "
                         "lessons/): cd into your course folder, or pass --lessons-dir DIR")
    folder = option.resolve() if option is not None else lessons_dir()
    if not folder.is_dir():
        raise UsageError(f"no lessons folder at {folder}: run this from the course folder, or pass "
                         "--lessons-dir DIR")
    return folder


def _lessons(keys: List[str]):
    try:
        return [find_lesson(key) for key in keys] if keys else list(LESSONS)
    except KeyError as error:
        raise UsageError(error.args[0]) from None


def _timeout(value: Optional[float]) -> float:
    from .grading import CHECK_TIMEOUT

    if value is None:
        return CHECK_TIMEOUT
    if not 0 < value <= 3600:
        raise UsageError(f"--timeout must be between 0 and 3600 seconds, got {value:g}")
    return value


def _exam_secret(path: Optional[Path]) -> Optional[bytes]:
    """The instructor's secret read from `path` (None: the fixed exam)."""
    from .course import SOLUTIONS_DIR
    from .exam import SecretError, read_secret

    if path is None:
        return None
    if not SOLUTIONS_DIR.is_dir():
        raise UsageError("--exam-secret needs the full course: a student release holds the answers to the fixed "
                         "exam only, so it cannot grade a secret one")
    try:
        return read_secret(path)
    except SecretError as error:
        raise UsageError(str(error)) from None


def grade_and_show(lessons, folder: Path, timeout: float, out, detail: bool, secret: Optional[bytes] = None):
    """Grade and print (the secret exam of `secret`, else the fixed one); returns the Grading. Shared by
    grading and watch."""
    from .grading import grade
    from .report import show_lesson, show_notes, show_overview, write_last_grading

    grading = grade(lessons, folder, timeout, secret=secret)
    write_last_grading(grading, folder)
    if detail:
        for result in grading.lessons:
            show_lesson(result, out)
        show_notes(grading, out)
    else:
        show_overview(grading, out)
    return grading


def _grade(argv: List[str]) -> int:
    from .report import console, passed, write_json, write_junit

    args = _grade_parser().parse_args(argv)
    lessons = _lessons(args.lessons)
    folder, timeout = _lessons_dir(args.lessons_dir), _timeout(args.timeout)
    for path in (args.json, args.junit):
        if path is not None and not path.resolve().parent.is_dir():
            raise UsageError(f"cannot write {path}: its folder does not exist")
    secret = _exam_secret(args.exam_secret)
    grading = grade_and_show(lessons, folder, timeout, console(), detail=bool(args.lessons), secret=secret)
    if not args.lessons:  # the optional part two is reported only once begun
        grading = replace(grading, lessons=[result for result in grading.lessons
                                            if result.lesson.part == 1 or result.status != "not started"])
    if args.json:
        write_json(grading, args.json)
    if args.junit:
        write_junit(grading, args.junit)
    return 0 if passed(grading, implicit_part_two=not args.lessons) else 1


def _command(name: str, argv: List[str]) -> int:
    parser = _Parser(prog=f"python -m checks {name}")
    if name == "classroom":
        return _classroom(parser, argv)
    if name == "grade-class":
        return _grade_class(parser, argv)
    if name == "autograder":
        return _autograder(parser, argv)
    if name == "release":
        return _release(parser, argv)
    if name == "watch":
        parser.add_argument("lessons", nargs="*", metavar="LESSON")
        _common_options(parser)
        parser.add_argument("--poll", action="store_true", help="poll for changes (file systems without events)")
        args = parser.parse_args(argv)
        from .watch import watch

        return watch(_lessons(args.lessons), _lessons_dir(args.lessons_dir), _timeout(args.timeout),
                     detail=bool(args.lessons), force_polling=args.poll)
    parser.add_argument("lesson", metavar="LESSON")
    if name == "hint":
        parser.add_argument("--tier", type=int, choices=(1, 2, 3), help="show this tier (default: the next one)")
        args = parser.parse_args(argv)
        _lessons_dir(None)  # hints are kept in the course folder: there must be one
        from .hints import show_hint

        return show_hint(_lessons([args.lesson])[0], args.tier)
    parser.add_argument("--lessons-dir", metavar="DIR", type=Path)
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    args = parser.parse_args(argv)
    from .reset import reset

    return reset(_lessons([args.lesson])[0], _lessons_dir(args.lessons_dir), assume_yes=args.yes)


def _classroom(parser: argparse.ArgumentParser, argv: List[str]) -> int:
    """Grade, print the report, and write GitHub Classroom's result (checks/classroom.py); 0 once written."""
    from .classroom import write_result
    from .report import console

    parser.add_argument("lessons", nargs="*", metavar="LESSON", help="lessons graded, e.g. 1-7 (default: part 1)")
    _common_options(parser)
    args = parser.parse_args(argv)
    lessons = _lessons(lesson_keys(args.lessons or ["1-7"]))
    grading = grade_and_show(lessons, _lessons_dir(args.lessons_dir), _timeout(args.timeout), console(), detail=True)
    write_result(grading, sys.stdout)
    return 0


def lesson_keys(keys: List[str]) -> List[str]:
    """Lessons as given, with ranges such as `1-7` spelled out (an unknown key is `_lessons`'s one-line error)."""
    spelled = []
    for key in keys:
        match = re.fullmatch(r"(\d+)-(\d+)", key.strip())
        if match and int(match[1]) <= int(match[2]):
            spelled += [str(number) for number in range(int(match[1]), int(match[2]) + 1)]
        else:
            spelled.append(key)
    return spelled


def _grade_class(parser: argparse.ArgumentParser, argv: List[str]) -> int:
    from .instructor.grade_class import CANVAS_ASSIGNMENT, SUBMISSION_LIMIT, BatchError, grade_class, late_policy

    parser.add_argument("submissions", metavar="SUBMISSIONS", type=Path,
                        help="a Gradescope export (folder or zip), a Canvas, Moodle or GitHub Classroom download, "
                             "or a folder holding one folder or .zip per student")
    parser.add_argument("--roster", metavar="CSV", type=Path,
                        help="the class list (columns id, name, email): rows keyed by it, and who handed in nothing")
    parser.add_argument("--only", metavar="STUDENT", help="grade this student again (id, email or name); the others "
                        "keep their last grades")
    parser.add_argument("--deadline", metavar="TIME", help="the deadline, e.g. 2026-12-01T23:59+01:00 (no offset: UTC); "
                        "late work is measured from the submission time in the export")
    parser.add_argument("--late-penalty", metavar="PERCENT", type=float, default=0.0,
                        help="percent of the score lost per started day late (default 0)")
    parser.add_argument("--late-cap", metavar="PERCENT", type=float, default=100.0,
                        help="the most a late submission loses, in percent (default 100)")
    parser.add_argument("--lessons", nargs="+", metavar="LESSON", default=["1-7"],
                        help="the lessons graded: numbers, names or ranges such as 1-7 (default: part 1)")
    parser.add_argument("--similarity", action="store_true",
                        help="also write similarity.md: the most similar pairs of each lesson (needs copydetect)")
    parser.add_argument("--canvas-assignment", metavar="NAME", default=CANVAS_ASSIGNMENT,
                        help="the assignment column of canvas.csv, as Canvas names it, e.g. 'Four or five (1234)'")
    parser.add_argument("--out", metavar="DIR", type=Path, required=True, help="where grades.csv and the reports go")
    parser.add_argument("--jobs", metavar="N", type=int, default=os.cpu_count() or 2,
                        help="submissions graded at once (default: the number of cores)")
    parser.add_argument("--regrade", action="store_true", help="grade every submission again, changed or not")
    parser.add_argument("--time-limit", metavar="SECONDS", type=float, default=SUBMISSION_LIMIT,
                        help=f"time one submission may take (default {SUBMISSION_LIMIT:g})")
    parser.add_argument("--secret", metavar="FILE", type=Path,
                        help="the exam secret (default: OUT/exam-secret, created when missing)")
    parser.add_argument("--new-secret", action="store_true",
                        help="write a fresh exam secret first (the old one is kept beside it): everyone sits a new exam")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        raise UsageError(f"--jobs must be a whole number >= 1, got {args.jobs}")
    if not 0 < args.time_limit <= 86400:
        raise UsageError(f"--time-limit must be between 0 and 86400 seconds, got {args.time_limit:g}")
    try:
        late = late_policy(args.deadline, args.late_penalty, args.late_cap)
        return grade_class(args.submissions, args.out, args.jobs, regrade=args.regrade, limit=args.time_limit,
                           lessons=sorted(set(_lessons(lesson_keys(args.lessons))), key=lambda lesson: lesson.number),
                           roster=args.roster, only=args.only, late=late, similarity=args.similarity,
                           canvas_assignment=args.canvas_assignment, secret=args.secret, new_secret=args.new_secret)
    except BatchError as error:
        raise UsageError(str(error)) from None


def _autograder(parser: argparse.ArgumentParser, argv: List[str]) -> int:
    from .instructor.autograder import TIME_LIMIT, VISIBILITIES, BuildError, build

    parser.add_argument("zip", metavar="FILE.zip", type=Path, help="the autograder zip to write")
    parser.add_argument("--lessons", nargs="+", metavar="LESSON", default=["1-7"],
                        help="the lessons the grade covers: numbers, names or ranges such as 1-7 (default: part 1)")
    parser.add_argument("--visibility", choices=VISIBILITIES, default="visible",
                        help="when students see the checks and the score (default: visible, at once)")
    parser.add_argument("--time-limit", metavar="SECONDS", type=float, default=TIME_LIMIT,
                        help=f"time the grading of one submission may take (default {TIME_LIMIT:g})")
    parser.add_argument("--secret", metavar="FILE", type=Path,
                        help="the exam secret (default: beside the zip, FILE.exam-secret, created when missing)")
    parser.add_argument("--new-secret", action="store_true",
                        help="write a fresh exam secret first (the old one is kept beside it): a new exam")
    args = parser.parse_args(argv)
    try:
        return build(args.zip, _lessons(lesson_keys(args.lessons)), args.visibility, args.time_limit,
                     secret=args.secret, new_secret=args.new_secret)
    except BuildError as error:
        raise UsageError(str(error)) from None


def _release(parser: argparse.ArgumentParser, argv: List[str]) -> int:
    from .instructor.release import ReleaseError, build_release

    parser.add_argument("out", metavar="DIR", type=Path, help="the new folder to write the student release into")
    args = parser.parse_args(argv)
    try:
        return build_release(args.out)
    except ReleaseError as error:
        raise UsageError(str(error)) from None
