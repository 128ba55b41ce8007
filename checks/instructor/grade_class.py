"""`python -m checks grade-class SUBMISSIONS --out DIR [--jobs N]`: a whole class on this machine.

SUBMISSIONS holds one folder or zip per student. Each submission's lesson files are copied
into a fresh folder and graded there by `python -m checks`'s own code (so with its two-process
isolation), with a time limit of its own, `--jobs` at a time. Each job grades in a long-lived
class runner (`serve`), whose pytest processes stay warm from one submission to the next
(Python, pytest, hypothesis and NumPy imported once; hypothesis's passing draws replayed,
checks/warm.py); learner code runs only in the workers those start, fresh for every lesson.
A submission that hangs, crashes, floods its output or eats memory fails itself, never the
batch: a runner stopped on the time limit is killed with all it started, and the next
submission gets a new one.

DIR receives:
    grades.csv           student, total, each lesson's points, status, error
    results/<student>.json   Gradescope's results.json for that student
    reports/<student>.txt    what `python -m checks 1 ... 7` says to that student
    summary.md           how many passed each lesson, the most common named mistakes per lesson
    state/<student>.json     the fingerprint of what was graded (a re-run skips unchanged students)
    exam-secret          the instructor's secret (created when neither it nor --secret is there)

Every submission sits a secret exam of its own (checks/exam.py): its inputs are seeded from the
secret and its own files, so students' exams differ, and `python -m checks N --lessons-dir DIR
--exam-secret OUT/exam-secret` on a student's files shows exactly what they were graded on.
Same files and secret, same grades, byte for byte: nothing written depends on time, order or machine.
"""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from .. import exam, sandbox
from ..course import LESSONS, Lesson
from ..grading import AnswerLines, exit_code
from .submissions import SubmissionError, collect, files_of, fingerprint

SUBMISSION_LIMIT = 900.0  # seconds one submission may take before it is stopped
SECRET_FILE = "exam-secret"  # in the output folder, unless --secret names another
REPORT_LIMIT = 4 * 1024 ** 2  # bytes of a student's text report kept
COURSE_FILES = Path(__file__).resolve().parent.parent.parent


class BatchError(Exception):
    """Bad input for the whole batch: one line, exit code 2."""


@dataclass
class Row:
    student: str
    total: float = 0.0
    points: Dict[int, float] = field(default_factory=dict)
    status: str = "graded"
    error: str = ""
    mistakes: Dict[int, List[str]] = field(default_factory=dict)  # named mistakes of failed checks, per lesson
    passed: List[int] = field(default_factory=list)  # lessons passing


def grade_class(submissions: Path, out: Path, jobs: int, regrade: bool = False, lessons: Optional[List[Lesson]] = None,
                limit: float = SUBMISSION_LIMIT, show_progress: Optional[bool] = None, secret: Optional[Path] = None,
                new_secret: bool = False) -> int:
    """Grade every submission in `submissions` into `out`; 0 when the batch ran (whatever the grades).

    `secret`: the instructor's secret file (default OUT/exam-secret, created when missing); `new_secret`:
    write a fresh one there first (the old one is kept beside it, checks/exam.py `create_secret`)."""
    lessons = lessons or [lesson for lesson in LESSONS if lesson.part == 1]
    with tempfile.TemporaryDirectory(prefix="grade-class-zip-") as unpacked:
        if submissions.is_file():
            submissions = _unpack_class(submissions, Path(unpacked))
        students = _students(submissions, out)
        secret_path = _secret(secret, out, new_secret)
        return _grade_all(students, out, jobs, regrade, lessons, limit, show_progress, secret_path)


def _secret(given: Optional[Path], out: Path, new: bool) -> Path:
    """The secret file to grade with, made when asked for or when the default one is missing."""
    path = (given or out / SECRET_FILE).resolve()
    try:
        if new or (given is None and not path.exists()):
            made = exam.create_secret(path)
            print(f"exam secret {exam.secret_id(made)} written to {path}: keep it private, and keep it to replay "
                  "a student's grading (docs/instructors.md)")
        else:
            exam.read_secret(path)
    except exam.SecretError as error:
        raise BatchError(str(error)) from None
    except OSError as error:
        raise BatchError(f"cannot write the exam secret {path}: {error.strerror or error}") from None
    return path


def _unpack_class(archive: Path, folder: Path) -> Path:
    """A zip of the whole class (as a course platform exports it), unpacked into `folder`."""
    if not zipfile.is_zipfile(archive):
        raise BatchError(f"{archive} is not a zip file: give a folder or a zip holding one folder or zip per student")
    with zipfile.ZipFile(archive) as whole:
        whole.extractall(folder)  # zipfile drops absolute paths and '..' parts
    entries = [path for path in folder.iterdir() if not path.name.startswith((".", "__"))]
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else folder


def _grade_all(students: Dict[str, Path], out: Path, jobs: int, regrade: bool, lessons: List[Lesson], limit: float,
               show_progress: Optional[bool], secret: Path) -> int:
    for folder in ("results", "reports", "state"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    # Another secret is another exam: everyone is graded again.
    salt = [lesson.module for lesson in lessons] + [_course_version(), exam.secret_id(exam.read_secret(secret))]
    rows: Dict[str, Row] = {}
    progress = _progress(len(students), show_progress)
    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = {pool.submit(_grade_one, student, path, out, lessons, salt, regrade, limit, secret): student
                       for student, path in students.items()}
            for future in futures:
                rows[futures[future]] = future.result()
                progress.advance()
    finally:
        for runner in _runners:
            runner.close()
        _runners.clear()
    progress.close()
    ordered = [rows[student] for student in sorted(rows)]
    _write_csv(ordered, lessons, out / "grades.csv")
    (out / "summary.md").write_text(_summary(ordered, lessons), encoding="utf-8")
    print(f"graded {len(ordered)} submissions into {out}: grades.csv, summary.md, results/, reports/")
    return 0


def _students(submissions: Path, out: Path) -> Dict[str, Path]:
    if not submissions.exists():
        raise BatchError(f"no submissions at {submissions}: give the folder that holds one folder or zip per student")
    if not submissions.is_dir():
        raise BatchError(f"{submissions} is not a folder: give the folder that holds one folder or zip per student")
    resolved_out, resolved_in = out.resolve(), submissions.resolve()
    if resolved_out == resolved_in or resolved_in in resolved_out.parents:
        raise BatchError(f"the output folder {out} is inside the submissions: choose a folder outside {submissions}")
    students: Dict[str, Path] = {}
    for path in sorted(submissions.iterdir()):
        if path.name.startswith((".", "__")):
            continue
        if path.is_dir() or path.suffix.lower() == ".zip":
            name = path.stem if path.suffix.lower() == ".zip" else path.name
            students[name if name not in students else path.name] = path
    if not students:
        raise BatchError(f"{submissions} holds no submission: put one folder or .zip per student in it")
    return students


def _course_version() -> str:
    """A fingerprint of the grader and reference, so that a changed course grades everyone again."""
    files = {str(path.relative_to(COURSE_FILES)): path.read_bytes()
             for folder in ("checks", "solutions", "worker") for path in sorted((COURSE_FILES / folder).rglob("*.py"))}
    return fingerprint(files)


def _grade_one(student: str, path: Path, out: Path, lessons: List[Lesson], salt: List[str], regrade: bool,
               limit: float, secret: Path) -> Row:
    state = out / "state" / f"{student}.json"
    try:
        files = files_of(path)
    except (SubmissionError, zipfile.BadZipFile, OSError) as error:
        return _failed(student, lessons, f"cannot read the submission: {error}")
    print_ = fingerprint(files, [*salt, *sorted(files.problems.values())])
    if not regrade and state.exists():
        try:
            saved = json.loads(state.read_text(encoding="utf-8"))
            if saved.get("fingerprint") == print_:
                row = saved["row"]
                return Row(**{**row, "points": {int(k): v for k, v in row["points"].items()},
                              "mistakes": {int(k): v for k, v in row["mistakes"].items()}})
        except (ValueError, KeyError, TypeError):
            pass
    with tempfile.TemporaryDirectory(prefix="grade-class-") as scratch:
        folder = Path(scratch) / "submission"
        collect(files, folder)
        row = _run_grader(student, folder, out, lessons, limit, secret)
    if files.problems:  # a notebook's lesson cell missing or twice (checks/instructor/notebooks.py): one line each
        lines = [f"{line}." for _, line in sorted(files.problems.items())]
        row.error = "; ".join(filter(None, [row.error, *lines]))
        report = out / "reports" / f"{student}.txt"
        if report.is_file():
            report.write_text("\n".join(lines) + "\n\n" + report.read_text(encoding="utf-8"), encoding="utf-8")
    state.write_text(json.dumps({"fingerprint": print_, "row": asdict(row)}, indent=1, sort_keys=True) + "\n",
                     encoding="utf-8")
    return row


def _run_grader(student: str, folder: Path, out: Path, lessons: List[Lesson], limit: float, secret: Path) -> Row:
    results = folder / "results.json"
    argv = [*[str(lesson.number) for lesson in lessons], "--lessons-dir", str(folder / "lessons"), "--json", str(results),
            "--exam-secret", str(secret)]
    code = _this_jobs_runner().grade(argv, folder, folder / "report.txt", limit)
    if code is None:
        return _failed(student, lessons, f"grading took longer than {limit:g} s and was stopped")
    text = (folder / "report.txt").read_bytes()[:REPORT_LIMIT].decode("utf-8", "replace")
    # Replay scripts live in the scratch folder, which is gone: their paths would only differ run to run.
    text = "\n".join(line for line in text.splitlines() if not line.strip().startswith("replay: ")) + "\n"
    (out / "reports" / f"{student}.txt").write_text(text, encoding="utf-8")
    if not results.exists():
        return _failed(student, lessons, f"the grader wrote no results (exit code {code})")
    shutil.copyfile(results, out / "results" / f"{student}.json")
    return _row(student, json.loads(results.read_text(encoding="utf-8")), lessons)


# A class runner is `python -m checks` grading one submission after another: it reads one a line
# (JSON: the command's arguments, the folder, the report file), runs the command's own code
# (checks/cli.py) and answers with its exit code. One per job, so the pytest processes it grades
# in stay warm between submissions (checks/grading.py `keep_warm`); learner code still runs only
# in the workers they start, fresh for each lesson of each submission.
_SERVE = "from checks.instructor.grade_class import serve; serve()"


def serve() -> None:
    """A class runner's loop (see _SERVE)."""
    from .. import grading

    grading.keep_warm()
    grading.serve_jobs(_run_command)


def _run_command(job: dict) -> int:
    """`python -m checks` with the job's arguments, in this process."""
    import traceback

    from .. import cli

    try:
        return cli.main(job["argv"])
    except Exception:  # a fault of the grader itself: its traceback in the report, no results
        traceback.print_exc()
        return 70


class _ClassRunner:
    """One job's class runner, started on first use and again after it was stopped."""

    def __init__(self):
        self.process: Optional[subprocess.Popen] = None
        self.answers: Optional[AnswerLines] = None

    def grade(self, argv: List[str], folder: Path, report: Path, limit: float) -> Optional[int]:
        """`python -m checks ARGV` in `folder`, its output in `report`: the exit code, None past `limit` s."""
        if self.process is None or self.process.poll() is not None:
            env = {key: value for key, value in os.environ.items() if not key.startswith("CHECKS_")}
            env.update(NO_COLOR="1", COLUMNS="100", PYTHONDONTWRITEBYTECODE="1")
            # Started in the course's folder: `python -c` imports from where it starts, never a submission.
            self.process = subprocess.Popen([sys.executable, "-c", _SERVE], cwd=COURSE_FILES, env=env,
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.DEVNULL, start_new_session=hasattr(os, "setsid"))
            self.answers = AnswerLines(self.process.stdout)
        try:
            self.process.stdin.write((json.dumps({"argv": argv, "cwd": str(folder), "output": str(report)})
                                      + "\n").encode())
            self.process.stdin.flush()
        except OSError:
            pass  # it died: no answer below
        answer = self.answers.next(limit)
        if exit_code(answer) is not None:
            return exit_code(answer)
        code = self.stop()  # stopped on its time limit, or it died: the next submission gets a new one
        return None if answer is None else code

    def stop(self) -> Optional[int]:
        """Kill it and all it started; its exit code."""
        process, self.process = self.process, None
        if process is None:
            return None
        sandbox.kill_all_below(process)
        return process.returncode

    def close(self) -> None:
        if self.process is not None:
            self.process.stdin.close()  # it ends its loop, and its pytest processes theirs
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.stop()
            self.process = None


_local = threading.local()


def _this_jobs_runner() -> _ClassRunner:
    if not hasattr(_local, "runner"):
        _local.runner = _ClassRunner()
        _runners.append(_local.runner)
    return _local.runner


_runners: List[_ClassRunner] = []


def _row(student: str, results: dict, lessons: List[Lesson]) -> Row:
    row = Row(student)
    for lesson in lessons:
        tests = [test for test in results["tests"] if test["number"].split(".")[0] == str(lesson.number)]
        row.points[lesson.number] = round(sum(test["score"] for test in tests), 2)
        if tests and all(test["status"] == "passed" for test in tests):
            row.passed.append(lesson.number)
        row.mistakes[lesson.number] = [line.split("likely mistake: ", 1)[1].strip()
                                       for test in tests if test["status"] != "passed"
                                       for line in test["output"].splitlines() if "likely mistake: " in line]
    row.total = round(sum(row.points.values()), 2)
    return row


def _failed(student: str, lessons: List[Lesson], error: str) -> Row:
    return Row(student, 0.0, {lesson.number: 0.0 for lesson in lessons}, "error", error,
               {lesson.number: [] for lesson in lessons}, [])


def _write_csv(rows: List[Row], lessons: List[Lesson], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "total"] + [f"lesson {lesson.number}" for lesson in lessons] + ["status", "error"])
    for row in rows:
        writer.writerow([row.student, f"{row.total:.2f}"] + [f"{row.points.get(lesson.number, 0.0):.2f}"
                                                             for lesson in lessons] + [row.status, row.error])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _summary(rows: List[Row], lessons: List[Lesson]) -> str:
    """How many passed each lesson and the most common named mistakes: what to teach again next week."""
    graded = [row for row in rows if row.status == "graded"]
    lines = ["# Class summary", "", f"{len(rows)} submissions, {len(graded)} graded, "
             f"{len(rows) - len(graded)} could not be graded.", "",
             "| lesson | passing | mean points | most common named mistakes |", "|---|---:|---:|---|"]
    for lesson in lessons:
        passing = sum(lesson.number in row.passed for row in graded)
        mean = sum(row.points.get(lesson.number, 0.0) for row in graded) / len(graded) if graded else 0.0
        counts = Counter(mistake for row in graded for mistake in set(row.mistakes.get(lesson.number, [])))
        common = "; ".join(f"{mistake} ({count})" for mistake, count in
                           sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]) or "none named"
        lines.append(f"| {lesson.number}. {lesson.title} | {passing} of {len(graded)} | {mean:.2f} / "
                     f"{lesson.points} | {common.replace('|', '/')} |")
    errors = [row for row in rows if row.status != "graded"]
    if errors:
        lines += ["", "Not graded:", ""] + [f"- {row.student}: {row.error}" for row in errors]
    return "\n".join(lines) + "\n"


class _Progress:
    """A progress bar over the submissions on a terminal; silent elsewhere."""

    def __init__(self, total: int, show: bool):
        self.bar = None
        if show:
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
            self.task = self.bar.add_task("grading", total=total)

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _progress(total: int, show: Optional[bool]) -> _Progress:
    return _Progress(total, sys.stderr.isatty() if show is None else show)
