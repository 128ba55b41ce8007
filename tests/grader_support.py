"""Helpers for the grader's tests: course copies, planted mistakes, running the real command.

A course copy is a folder with `lessons/` in it, made from the shipped stubs (`STUBS`: made from
solutions/, never the course's own lessons/, which is the learner's),
the reference solutions (solutions/), or a solution with a mistake planted in it. The
grader is always driven as a learner drives it: `python -m checks ...` in a subprocess
whose working directory is the course copy, with a learner's environment (no NO_COLOR,
no PYTHONDONTWRITEBYTECODE, no CHECKS_LESSONS: the grader must arrange those itself).
"""

import ast
import atexit
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.course import LESSONS  # noqa: E402  (the lesson table: names and check counts)
from checks.stubs import stub_source  # noqa: E402


def _pristine_stubs() -> Path:
    """A folder holding lessons/ as the course ships it: the stubs made from solutions/ (and the
    package's __init__.py). The tests never read the course's own lessons/: that is the learner's
    workspace, and the project's tests pass whatever it holds."""
    folder = Path(tempfile.mkdtemp(prefix="pristine-lessons-"))
    atexit.register(shutil.rmtree, folder, True)
    package = ROOT / "lessons" / "__init__.py"
    (folder / "__init__.py").write_text(package.read_text() if package.is_file() else "")
    for lesson in LESSONS:
        (folder / lesson.filename).write_text(stub_source(lesson))
    return folder


STUBS = _pristine_stubs()
SOLUTIONS = ROOT / "solutions"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")
LEARNER_ENV_DROPS = ("NO_COLOR", "FORCE_COLOR", "PYTHONDONTWRITEBYTECODE", "CHECKS_LESSONS", "CHECKS_RESULTS",
                     "CHECKS_TIMEOUT", "CHECKS_CHAIN_BLOCKED", "COLUMNS", "LINES", "PYTEST_ADDOPTS",
                     "WATCHFILES_FORCE_POLLING")


def lesson(number: int):
    return LESSONS[number - 1]


def stub(number: int) -> str:
    return (STUBS / lesson(number).filename).read_text()


def solution(number: int) -> str:
    return (SOLUTIONS / lesson(number).filename).read_text()


def replaced(source: str, old: str, new: str) -> str:
    """`source` with the one occurrence of `old` replaced (fails loudly if the solution changed)."""
    assert source.count(old) == 1, f"the planted mistake's anchor {old!r} is not in the solution once"
    return source.replace(old, new)


def first_in(number: int, function: str, code: str) -> str:
    """Lesson `number`'s solution with `code` run first in `function`'s solution block.

    `code` may span lines; it is indented like the block.
    """
    source = solution(number)
    start = source.index(f"def {function}(")
    marker = source.index("### BEGIN SOLUTION\n", start)
    line_start = source.rindex("\n", 0, marker) + 1
    indent = source[line_start:marker]
    block = "".join(f"{indent}{line}\n" for line in code.splitlines())
    cut = marker + len("### BEGIN SOLUTION\n")
    return source[:cut] + block + source[cut:]


def planted_lesson(path: Path) -> int:
    """The `LESSON = N` of a planted file (tests/cheats/, tests/trivial/), read without running it."""
    tree = ast.parse(path.read_text())
    return next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                and getattr(node.targets[0], "id", None) == "LESSON")


def make_course(folder: Path, solved: Iterable[int] = (), files: Optional[Dict[int, str]] = None) -> Path:
    """A course copy in `folder`: lessons/ with the stubs, the solutions of `solved`, and `files`
    (lesson number -> the source of that lesson file). Returns `folder`."""
    lessons = folder / "lessons"
    lessons.mkdir(parents=True)
    shutil.copy2(STUBS / "__init__.py", lessons / "__init__.py")
    for item in LESSONS:
        source = stub(item.number)
        if item.number in solved:
            source = solution(item.number)
        if files and item.number in files:
            source = files[item.number]
        (lessons / item.filename).write_text(source)
    return folder


def learner_env(**extra: str) -> Dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in LEARNER_ENV_DROPS}
    env.update(extra)
    return env


@dataclass(repr=False)
class Run:
    """One run of the real command."""

    course: Path
    args: List[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    extra: dict = field(default_factory=dict)

    def __str__(self) -> str:  # what an assertion shows
        return (f"`python -m checks {' '.join(self.args)}` in {self.course}: exit {self.returncode} after "
                f"{self.seconds:.1f} s\n--- stdout\n{self.stdout[-6000:]}\n--- stderr\n{self.stderr[-3000:]}")

    __repr__ = __str__  # pytest shows an assertion's message with repr


def run_checks(course: Path, *args: str, timeout: float = 400, env: Optional[Dict[str, str]] = None,
               stdin=subprocess.DEVNULL) -> Run:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "checks", *args], cwd=course, env=env or learner_env(),
                          stdin=stdin, capture_output=True, timeout=timeout)
    return Run(course, list(args), done.returncode, done.stdout.decode("utf-8", "replace"),
               done.stderr.decode("utf-8", "replace"), time.perf_counter() - started)


def graded(factory, name: str, args, solved=(), files=None, timeout: float = 600) -> Run:
    """Make a course copy (a pytest tmp_path_factory folder `name`), run the command in it once.

    The Run carries the results.json it wrote (when `args` ask for one), the JUnit path, and
    snapshots of lessons/ before and after.
    """
    course = make_course(factory.mktemp(name), solved=solved, files=files)
    before = snapshot(course / "lessons")
    run = run_checks(course, *args, timeout=timeout)
    run.extra["lessons_before"], run.extra["lessons_after"] = before, snapshot(course / "lessons")
    if "--json" in args:
        path = course / args[args.index("--json") + 1]
        run.extra["json"] = json.loads(path.read_text()) if path.exists() else None
    if "--junit" in args:
        run.extra["junit"] = course / args[args.index("--junit") + 1]
    return run


def ctrl_c_works() -> None:
    """A Popen preexec_fn: SIGINT as a terminal's foreground job has it. A script started with `&`
    by a shell without job control (a CI job run in the background) runs with SIGINT ignored, and
    so would every command these tests start: Ctrl-C could then never stop them."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def on_a_terminal(course: Path, *args: str, env: Dict[str, str], answer: Optional[str] = None,
                  seconds: float = 120):
    """Run the command with stdin, stdout and stderr on a pseudo-terminal.

    With `answer`, type it (and Enter) once the command asks a [y/N] question. Returns
    (exit code, everything the terminal showed).
    """
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "checks", *args], cwd=course, env=env,
                               stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    output, answered, deadline = b"", False, time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the terminal closed: the command ended
                    break
                if not chunk:
                    break
                output += chunk
            if answer is not None and not answered and b"[y/N]" in output:
                os.write(master, answer.encode() + b"\n")
                answered = True
            if not ready and process.poll() is not None:
                break
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
    return process.returncode, output.decode("utf-8", "replace")


def graders_of(course: Path) -> List[int]:
    """Pids of the processes grading `course` (their environment names its lessons folder): the
    grader's subprocesses run in sessions of their own, so killing the command leaves them."""
    marker = f"CHECKS_LESSONS={course / 'lessons'}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def kill_graders(course: Path) -> None:
    """End what a test left grading `course`, by pid (only processes that test started)."""
    for pid in graders_of(course):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def snapshot(folder: Path) -> Dict[str, bytes]:
    """Every file and folder under `folder` (hidden ones and __pycache__ included), with contents."""
    return {str(path.relative_to(folder)) + ("/" if path.is_dir() else ""):
            (b"" if path.is_dir() else path.read_bytes()) for path in sorted(folder.rglob("*"))}


@dataclass
class Row:
    number: int
    title: str
    status: str
    checks: str
    points: str


def table(stdout: str) -> Dict[int, Row]:
    """The overview table's rows, by lesson number."""
    rows = {}
    for line in stdout.splitlines():
        cells = [cell.strip() for cell in line.split("│")]
        if len(cells) == 5 and cells[0].isdigit():
            rows[int(cells[0])] = Row(int(cells[0]), *cells[1:])
    return rows


def explanation(stdout: str) -> str:
    """The part of `python -m checks N` after the list of checks: the first failure explained."""
    marker = re.search(r"^First (failure|unwritten): ", stdout, re.M)
    assert marker, f"no 'First failure:' block in:\n{stdout}"
    return stdout[marker.start():]


GRADESCOPE_VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


def validate_gradescope(results: dict, n_tests: int) -> None:
    """Assert that `results` is a Gradescope results.json with the fields the autograder spec names
    (score, max_score, tests with name, number, score, max_score, status, output, visibility)."""
    assert isinstance(results, dict)
    for key in ("score", "max_score", "tests"):
        assert key in results, f"results.json has no {key!r}"
    assert isinstance(results["score"], (int, float)) and isinstance(results["max_score"], (int, float))
    assert 0 <= results["score"] <= results["max_score"]
    assert results.get("visibility", "visible") in GRADESCOPE_VISIBILITY
    assert results.get("stdout_visibility", "visible") in GRADESCOPE_VISIBILITY
    tests = results["tests"]
    assert isinstance(tests, list) and len(tests) == n_tests
    for test in tests:
        for key, kind in (("name", str), ("number", str), ("score", (int, float)), ("max_score", (int, float)),
                          ("status", str), ("output", str), ("visibility", str)):
            assert isinstance(test.get(key), kind), f"test {test.get('name')!r}: {key} is {test.get(key)!r}"
        assert test["status"] in ("passed", "failed"), test
        assert test["visibility"] in GRADESCOPE_VISIBILITY, test
        assert 0 <= test["score"] <= test["max_score"], test
        if test["status"] == "passed":
            assert test["score"] == test["max_score"], test
        else:
            assert test["score"] == 0 and test["output"].strip(), f"a failed test needs its reason: {test}"
    assert len({test["number"] for test in tests}) == n_tests, "test numbers repeat"
    assert len({test["name"] for test in tests}) == n_tests, "test names repeat"
    assert abs(sum(test["score"] for test in tests) - results["score"]) < 0.01
    assert abs(sum(test["max_score"] for test in tests) - results["max_score"]) < 0.01


def gradescope_metadata(submissions: Dict[str, tuple]) -> str:
    """submission_metadata.yml as Gradescope's "Export submissions" writes it, for
    {submission key: (created_at such as "2026-12-01 20:00:00.000000000 Z", [(name, sid, email), ...])};
    the fields grade-class ignores (:score, :status, :results, :history) are there too."""
    lines = ["---"]
    for key, (created_at, submitters) in submissions.items():
        lines += [f"{key}:", "  :submitters:"]
        for name, sid, email in submitters:
            lines += [f"  - :name: {name}", f"    :sid: '{sid}'", f"    :email: {email}"]
        lines += [f"  :created_at: {created_at}", "  :score: 0.0", "  :status: processed",
                  "  :results:", "    score: 0.0", "    tests: []", "  :history: []"]
    return "\n".join(lines) + "\n"


def run_autograder(submission: Path, results: Path, *options: str, cwd: Path, timeout: float = 300,
                   env: Optional[Dict[str, str]] = None) -> subprocess.CompletedProcess:
    """The Gradescope autograder's grading step (`run`) on `submission`, writing `results`."""
    return subprocess.run([sys.executable, "-m", "checks.instructor.autograder", "run", "--submission",
                           str(submission), "--results", str(results), *options],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
