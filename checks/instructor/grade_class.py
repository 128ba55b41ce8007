"""`python -m checks grade-class SUBMISSIONS --out DIR [--jobs N]`: a whole class on this machine.

SUBMISSIONS is a class as an instructor has it: a Gradescope export, a Canvas or Moodle bulk
download, GitHub Classroom's clones, or one folder or zip per student (submissions.py says how
each is recognised and whose each hand-in is). Each submission's lesson files are copied into a
fresh folder and graded there by `python -m checks`'s own code (so with its two-process
isolation), with a time limit of its own, `--jobs` at a time. Each job grades in a long-lived
class runner (`serve`), whose pytest processes stay warm from one submission to the next
(Python, pytest, hypothesis and NumPy imported once); learner code runs only in the workers
those start, fresh for every lesson.
A submission that hangs, crashes, floods its output or eats memory fails itself, never the
batch: a runner stopped on the time limit is killed with all it started, and the next
submission gets a new one.

DIR receives (a row per student: a group submission gives each member one):
    grades.csv           student, name, email, total, each lesson's points, late work, status, error;
                         rewritten after every submission, so a stopped run leaves the grades so far
    canvas.csv           the grades as Canvas's gradebook imports them
    scores.csv           student_id,score: for Moodle, Blackboard and any other gradebook
    results/<student>.json   Gradescope's results.json for that student
    reports/<student>.txt    what `python -m checks 1 ... 7` says to that student
    summary.md           statuses, passes per lesson, the mistakes named for sure per lesson
    similarity.md        with --similarity: the most similar pairs of each lesson (similarity.py)
    state/<submission>.json  the fingerprint of what was graded (a re-run skips unchanged submissions)
    exam-secret          the instructor's secret (created when neither it nor --secret is there)

Every submission sits a secret exam of its own (checks/exam.py): its inputs are seeded from the
secret and its own files, so students' exams differ, and `python -m checks N --lessons-dir DIR
--exam-secret OUT/exam-secret` on a student's files shows exactly what they were graded on.

Same files and secret, same grades, byte for byte: nothing written depends on the time, the order
or the machine (late work is measured from the export's submission time, never from the clock).
"""

import csv
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from .. import exam, sandbox
from ..course import LESSONS, Lesson
from ..grading import AnswerLines, exit_code
from .submissions import (SUBMISSION_ENV, ExportError, LessonFiles, Student, Submission, SubmissionError, collect,
                          extract, find_submissions, fingerprint, lesson_files, match_roster, read_roster, safe_key)

SUBMISSION_LIMIT = 900.0  # seconds one submission may take before it is stopped
SECRET_FILE = "exam-secret"  # in the output folder, unless --secret names another
REPORT_LIMIT = 4 * 1024 ** 2  # bytes of a student's text report kept
COURSE_FILES = Path(__file__).resolve().parent.parent.parent
CANVAS_ASSIGNMENT = "Four or five"
GRADED, NO_FILES, NO_SUBMISSION = "graded", "no lesson files", "no submission"


class BatchError(Exception):
    """Bad input for the whole batch: one line, exit code 2."""


@dataclass(frozen=True)
class LatePolicy:
    """Late work: `per_day` percent of the score lost for each started day after `deadline`, at most `cap`."""

    deadline: datetime  # aware, UTC
    per_day: float = 0.0
    cap: float = 100.0

    def days_late(self, submitted: Optional[datetime]) -> int:
        if submitted is None or submitted <= self.deadline:
            return 0
        return math.ceil((submitted - self.deadline).total_seconds() / 86400)

    def penalty(self, days: int) -> float:
        """The percent of the score lost."""
        return min(self.cap, days * self.per_day)


def late_policy(deadline: Optional[str], per_day: float, cap: float) -> Optional[LatePolicy]:
    """The command line's late policy; BatchError (one line) for a deadline or a percent that is not one."""
    if deadline is None:
        if per_day or cap != 100.0:
            raise BatchError("--late-penalty and --late-cap need --deadline: give the deadline too")
        return None
    try:
        when = datetime.fromisoformat(deadline.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BatchError(f"--deadline {deadline} is not a date and time: write it like 2026-12-01T23:59+01:00") from None
    for name, value in (("--late-penalty", per_day), ("--late-cap", cap)):
        if not 0 <= value <= 100:
            raise BatchError(f"{name} is a percent between 0 and 100, got {value:g}")
    when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return LatePolicy(when.astimezone(timezone.utc), per_day, cap)


@dataclass
class Graded:
    """What grading one submission found (kept in its state file)."""

    points: Dict[int, float] = field(default_factory=dict)
    status: str = GRADED
    error: str = ""
    mistakes: Dict[int, List[str]] = field(default_factory=dict)  # the mistakes named for sure, per lesson
    passed: List[int] = field(default_factory=list)  # lessons passing

    @property
    def total(self) -> float:
        return round(sum(self.points.values()), 2)


@dataclass
class Row:
    """One student's line of grades.csv."""

    student: Student
    graded: Graded
    submission: str = ""  # the submission's key ("" for a roster student who handed in nothing)
    submitted: str = ""  # its time, from the export (ISO, UTC), or "" when the export has none
    days_late: int = 0
    penalty: float = 0.0  # percent of the score lost to lateness
    late_mark: bool = False
    notes: List[str] = field(default_factory=list)  # e.g. "not on the roster"

    @property
    def total(self) -> float:
        return round(self.graded.total * (1 - self.penalty / 100), 2)


def grade_class(submissions: Path, out: Path, jobs: int, regrade: bool = False, lessons: Optional[List[Lesson]] = None,
                limit: float = SUBMISSION_LIMIT, show_progress: Optional[bool] = None, roster: Optional[Path] = None,
                only: Optional[str] = None, late: Optional[LatePolicy] = None, similarity: bool = False,
                canvas_assignment: str = CANVAS_ASSIGNMENT, secret: Optional[Path] = None,
                new_secret: bool = False) -> int:
    """Grade every submission in `submissions` into `out`; 0 when the batch ran (whatever the grades).

    `secret`: the instructor's secret file (default OUT/exam-secret, created when missing); `new_secret`:
    write a fresh one there first (the old one is kept beside it, checks/exam.py `create_secret`)."""
    lessons = lessons or [lesson for lesson in LESSONS if lesson.part == 1]
    if similarity:
        from .similarity import SimilarityError, _copydetect

        try:
            _copydetect()  # before an hour of grading, not after
        except SimilarityError as error:
            raise BatchError(str(error)) from None
    if not submissions.exists():
        raise BatchError(f"no submissions at {submissions}: give the folder that holds one folder or zip per student")
    resolved_out, resolved_in = out.resolve(), submissions.resolve()
    if resolved_out == resolved_in or resolved_in in resolved_out.parents:
        raise BatchError(f"the output folder {out} is inside the submissions: choose a folder outside {submissions}")
    with tempfile.TemporaryDirectory(prefix="grade-class-zip-") as unpacked:
        folder = _unpack_class(submissions, Path(unpacked)) if submissions.is_file() else submissions
        try:
            found = find_submissions(folder, Path(unpacked) / "exports")
            students = read_roster(roster) if roster is not None else None
        except ExportError as error:
            raise BatchError(str(error)) from None
        if not found:
            raise BatchError(f"{submissions} holds no submission: put one folder or .zip per student in it")
        if students is not None:
            found = [replace(submission, students=[match_roster(student, students) or student
                                                   for student in submission.students]) for submission in found]
        chosen = _only(found, only) if only else None
        secret_path = _secret(secret, out, new_secret)
        return _grade_all(found, students, chosen, out, jobs, regrade, lessons, limit, show_progress, late,
                          similarity, canvas_assignment, secret_path)


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
    target = folder / "whole-class"  # beside, never inside, the exports it holds (unpacked under folder/exports)
    with zipfile.ZipFile(archive) as whole:
        extract(whole, target)
    entries = [path for path in target.iterdir() if not path.name.startswith((".", "__"))]
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else target


def _only(found: List[Submission], wanted: str) -> List[str]:
    """The keys of the submissions of the student `wanted` (an id, email, name or submission key)."""
    key = wanted.strip().lower()
    chosen = [submission.key for submission in found if submission.key.lower() == key or any(
        key in (student.id.lower(), student.email.lower(), student.name.lower()) for student in submission.students)]
    if not chosen:
        raise BatchError(f"--only {wanted}: no such student in the submissions (give an id, email or name as in "
                         "grades.csv)")
    return chosen


def _grade_all(found: List[Submission], roster: Optional[List[Student]], chosen: Optional[List[str]], out: Path,
               jobs: int, regrade: bool, lessons: List[Lesson], limit: float, show_progress: Optional[bool],
               late: Optional[LatePolicy], similarity: bool, canvas_assignment: str, secret: Path) -> int:
    for name in ("results", "reports", "state"):
        (out / name).mkdir(parents=True, exist_ok=True)
    # Another secret is another exam: everyone is graded again.
    salt = [lesson.module for lesson in lessons] + [_course_version(), exam.secret_id(exam.read_secret(secret))]
    done: Dict[str, Tuple[Submission, Graded]] = {}
    to_grade: List[Tuple[Submission, LessonFiles, str]] = []
    contents: Dict[str, Dict[str, bytes]] = {}
    not_yet: List[Submission] = []
    skipped = 0  # unchanged since their last grading
    for submission in found:
        try:
            files = lesson_files(submission.sources)
        except (SubmissionError, zipfile.BadZipFile, OSError) as error:
            done[submission.key] = (submission, _failed(lessons, "error", f"cannot read the submission: {error}"))
            continue
        contents[submission.key] = files.files
        print_ = fingerprint(files.files, salt + [files.grader_env(), *sorted(files.problems.values())])
        saved = _saved(out / "state" / f"{submission.key}.json")
        forced = regrade or (chosen is not None and submission.key in chosen)
        if saved is not None and not forced and (chosen is not None or saved[0] == print_):
            done[submission.key] = (submission, saved[1])
            skipped += 1
        elif chosen is not None and not forced:
            not_yet.append(submission)  # --only: everyone else stays as last graded
        elif not files.files and not files.refused:
            graded = _with_problems(_failed(lessons, NO_FILES, "no lesson files in the submission" + (
                f" ({files.others} other file{'s' * (files.others > 1)})" if files.others else "")), files)
            write_report(out, submission, files, "No lesson file (lesson01_sigmoid.py ... lesson07_classifier.py) "
                         "was found in this submission, so nothing was graded.\n")
            _save(out, submission, print_, graded)
            done[submission.key] = (submission, graded)
        else:
            to_grade.append((submission, files, print_))

    def write_grades() -> List[Row]:
        rows = _rows(done, not_yet, roster, late, lessons)
        _write(out / "grades.csv", _grades_csv(rows, lessons, late))
        _write(out / "canvas.csv", _canvas_csv(rows, lessons, canvas_assignment))
        _write(out / "scores.csv", _scores_csv(rows))
        return rows

    write_grades()
    progress = _progress(len(to_grade), show_progress)
    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = {pool.submit(_grade_one, submission, files, print_, out, lessons, limit, secret): submission
                       for submission, files, print_ in to_grade}
            for future in as_completed(futures):
                submission = futures[future]
                done[submission.key] = (submission, future.result())
                write_grades()  # as it goes: a stopped run leaves every grade so far
                progress.advance(submission, done[submission.key][1])
    finally:
        for runner in _runners:
            runner.close()
        _runners.clear()
        progress.close()
    rows = write_grades()
    (out / "summary.md").write_text(_summary(rows, lessons, late), encoding="utf-8")
    if similarity:
        from .similarity import write_similarity

        write_similarity(contents, {submission.key: submission for submission in found}, lessons,
                         out / "similarity.md")
    print(_closing(len(done) - skipped - len(to_grade), len(to_grade), skipped, len(not_yet), out, similarity))
    return 0


def _closing(unreadable: int, graded: int, skipped: int, not_yet: int, out: Path, similarity: bool) -> str:
    """The last line: what this run did (a run that graded nobody says so)."""
    written = "grades.csv, canvas.csv, scores.csv, summary.md" + (", similarity.md" if similarity else "")
    if graded == 0 and unreadable == 0 and skipped:
        head = f"nothing to grade: all {skipped} submissions are unchanged since they were graded (--regrade grades " \
               "them again)"
    else:
        head = f"graded {graded} submission{'s' * (graded != 1)}" + (
            f", {unreadable} with nothing to grade" if unreadable else "") + (
            f", skipped {skipped} unchanged" if skipped else "")
    if not_yet:
        head += f"; {not_yet} never graded (run without --only to grade them)"
    return f"{head}; wrote {written} in {out}"


def _saved(state: Path) -> Optional[Tuple[str, Graded]]:
    try:
        saved = json.loads(state.read_text(encoding="utf-8"))
        graded = saved["graded"]
        return saved["fingerprint"], Graded(
            {int(k): v for k, v in graded["points"].items()}, graded["status"], graded["error"],
            {int(k): v for k, v in graded["mistakes"].items()}, graded["passed"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _save(out: Path, submission: Submission, print_: str, graded: Graded) -> None:
    _write(out / "state" / f"{submission.key}.json",
           json.dumps({"fingerprint": print_, "graded": asdict(graded)}, indent=1, sort_keys=True) + "\n")


def _write(path: Path, text: str) -> None:
    """Write `text` whole or not at all (a run stopped mid-write leaves the previous file)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def _course_version() -> str:
    """A fingerprint of the grader and reference, so that a changed course grades everyone again."""
    files = {str(path.relative_to(COURSE_FILES)): path.read_bytes()
             for folder in ("checks", "solutions", "worker") for path in sorted((COURSE_FILES / folder).rglob("*.py"))}
    return fingerprint(files)


def _grade_one(submission: Submission, files: LessonFiles, print_: str, out: Path, lessons: List[Lesson],
               limit: float, secret: Path) -> Graded:
    with tempfile.TemporaryDirectory(prefix="grade-class-") as scratch:
        folder = Path(scratch) / "submission"
        collect(files.files, folder)
        graded = _with_problems(_run_grader(submission, files, folder, out, lessons, limit, secret), files)
    _save(out, submission, print_, graded)
    return graded


def _with_problems(graded: Graded, files: LessonFiles) -> Graded:
    """The notebooks' problems (a lesson cell missing or twice, checks/instructor/notebooks.py) added to the
    error, one sentence each (write_report puts them atop the report)."""
    lines = [f"{line}." for _, line in sorted(files.problems.items())]
    graded.error = "; ".join(filter(None, [graded.error, *lines]))
    return graded


def _run_grader(submission: Submission, files: LessonFiles, folder: Path, out: Path, lessons: List[Lesson],
                limit: float, secret: Path) -> Graded:
    results = folder / "results.json"
    argv = [*[str(lesson.number) for lesson in lessons], "--lessons-dir", str(folder / "lessons"), "--json", str(results),
            "--exam-secret", str(secret)]
    code = _this_jobs_runner().grade(argv, folder, folder / "report.txt", limit, files.grader_env())
    if code is None:
        write_report(out, submission, files, f"Grading took longer than {limit:g} s and was stopped: look for a "
                     "loop that never ends, or a lesson far slower than it needs to be.\n")
        return _failed(lessons, "timed out", f"grading took longer than {limit:g} s and was stopped")
    text = (folder / "report.txt").read_bytes()[:REPORT_LIMIT].decode("utf-8", "replace")
    # Replay scripts live in the scratch folder, which is gone: their paths would only differ run to run.
    write_report(out, submission, files, "\n".join(line for line in text.splitlines()
                                                   if not line.strip().startswith("replay: ")) + "\n")
    if not results.exists():
        return _failed(lessons, "error", f"the grader wrote no results (exit code {code})")
    for student in submission.students:
        shutil.copyfile(results, out / "results" / f"{safe_key(student.id)}.json")
    return graded_from(json.loads(results.read_text(encoding="utf-8")), lessons, files)


def write_report(out: Path, submission: Submission, files: LessonFiles, text: str) -> None:
    """Each student's reports/<student>.txt: the files found in the hand-in and those not graded, then `text`."""
    lines = [f"{line}." for _, line in sorted(files.problems.items())]  # a notebook's (notebooks.py)
    lines += [f"Submission {submission.key}: " + (", ".join(f"{name} ({files.shown(path)})" if path != name else name
                                                             for name, path in sorted(files.paths.items()))
                                                  or "no lesson file found")]
    lines += [f"  {files.shown(files.paths[name])} {why}" for name, why in sorted(files.refused.items())]
    lines += [f"  {name} is in the submission more than once: graded {files.shown(files.paths[name])}, not "
              + ", ".join(map(files.shown, copies)) for name, copies in sorted(files.ignored.items())]
    for student in submission.students:
        (out / "reports" / f"{safe_key(student.id)}.txt").write_text("\n".join(lines) + "\n\n" + text,
                                                                     encoding="utf-8")


# A class runner is `python -m checks` grading one submission after another: it reads one a line
# (JSON: the command's arguments, the folder, the report file, the submission's $CHECKS_SUBMISSION),
# runs the command's own code (checks/cli.py) and answers with its exit code. One per job, so the
# pytest processes it grades in stay warm between submissions (checks/grading.py `keep_warm`);
# learner code still runs only in the workers they start, fresh for each lesson of each submission.
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

    os.environ[SUBMISSION_ENV] = job.get("submission") or "{}"
    try:
        return cli.main(job["argv"])
    except Exception:  # a fault of the grader itself: its traceback in the report, no results
        traceback.print_exc()
        return 70
    finally:
        os.environ.pop(SUBMISSION_ENV, None)


class _ClassRunner:
    """One job's class runner, started on first use and again after it was stopped."""

    def __init__(self):
        self.process: Optional[subprocess.Popen] = None
        self.answers: Optional[AnswerLines] = None

    def grade(self, argv: List[str], folder: Path, report: Path, limit: float, submission: str) -> Optional[int]:
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
            self.process.stdin.write((json.dumps({"argv": argv, "cwd": str(folder), "output": str(report),
                                                  "submission": submission}) + "\n").encode())
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


# --- what a grading says --------------------------------------------------------------------

# What stops a whole lesson, as the grader words it (checks/loading.py, worker/main.py,
# checks/deadline.py), and how grades.csv names it. First match wins, per lesson.
LESSON_PROBLEMS = (
    ("has a syntax error", "syntax error in lesson {n}"),
    ("timed out", "lesson {n} timed out"),
    ("is a symbolic link", "lesson {n} is a symbolic link"),
    ("a lesson file is at most", "lesson {n} is too large"),
    ("is not UTF-8", "lesson {n} is not UTF-8"),
    ("while being imported", "lesson {n} crashed on import"),
    ("the course is written with NumPy alone", "lesson {n} imports a forbidden library"),
)


def graded_from(results: dict, lessons: Sequence[Lesson], files: Optional[LessonFiles] = None) -> Graded:
    """Points, status, error and the mistakes named for sure, from the grader's results.json.

    The status is `graded` when every lesson handed in was graded check by check; else what went
    wrong (`syntax error in lesson 3; lesson 5 timed out`), with the grader's first line for each in
    the error. Lessons not handed in are listed in the error.
    """
    graded = Graded()
    problems, details = [], []
    for lesson in lessons:
        tests = [test for test in results["tests"] if str(test["number"]).split(".")[0] == str(lesson.number)]
        graded.points[lesson.number] = round(sum(test["score"] for test in tests), 2)
        if tests and all(test["status"] == "passed" for test in tests):
            graded.passed.append(lesson.number)
        failed = [test["output"] for test in tests if test["status"] != "passed"]
        graded.mistakes[lesson.number] = sure_mistakes(failed)
        if files is not None and lesson.filename not in files.files and lesson.filename not in files.refused:
            continue  # not handed in: listed below, not a problem of the grading
        for phrase, status in LESSON_PROBLEMS:
            hit = next((output for output in failed if phrase in output.split("\n", 1)[0]), None)
            if hit is not None:
                problems.append(status.format(n=lesson.number))
                details.append(hit.split("\n", 1)[0].removeprefix("not run: "))
                break
    missing = [lesson.number for lesson in lessons
               if files is not None and lesson.filename not in files.files and lesson.filename not in files.refused]
    if missing:
        details.append(f"not handed in: lesson{'s' * (len(missing) > 1)} {', '.join(map(str, missing))}")
    graded.status = "; ".join(problems) or GRADED
    graded.error = "; ".join(details)
    return graded


def sure_mistakes(outputs: List[str]) -> List[str]:
    """The mistake a lesson's failed checks name, when they name exactly one and are sure of it: none when
    a check names two at once (`X; or Y`) or two checks name different ones."""
    named = {line.split("likely mistake: ", 1)[1].strip() for output in outputs
             for line in output.splitlines() if "likely mistake: " in line}
    if len(named) != 1 or "; or " in next(iter(named)):
        return []
    return sorted(named)


def _failed(lessons: List[Lesson], status: str, error: str) -> Graded:
    return Graded({lesson.number: 0.0 for lesson in lessons}, status, error,
                  {lesson.number: [] for lesson in lessons}, [])


# --- the gradebooks -------------------------------------------------------------------------

def _rows(done: Dict[str, Tuple[Submission, Graded]], not_yet: List[Submission], roster: Optional[List[Student]],
          late: Optional[LatePolicy], lessons: List[Lesson]) -> List[Row]:
    """A row per student, sorted by id: each member of each submission, then the roster's students who
    handed in nothing. A student in two submissions keeps the later one (the other is named)."""
    rows: Dict[str, Row] = {}
    entries = [(submission, graded) for submission, graded in done.values()] + [
        (submission, _failed(lessons, "not graded yet", "run grade-class without --only to grade it"))
        for submission in not_yet]
    entries.sort(key=lambda entry: (entry[0].submitted_at or datetime.min.replace(tzinfo=timezone.utc),
                                    entry[0].key))
    on_roster = {student.id for student in roster or []}
    for submission, graded in entries:
        for student in submission.students:
            row = Row(student, graded, submission.key, late_mark=submission.late_mark)
            if submission.submitted_at is not None:
                row.submitted = submission.submitted_at.strftime("%Y-%m-%d %H:%M:%S UTC")
            if late is not None and graded.status not in (NO_FILES,):
                row.days_late = late.days_late(submission.submitted_at)
                row.penalty = late.penalty(row.days_late)
            if roster is not None and student.id not in on_roster:
                row.notes.append("not on the roster")
            if student.id in rows:
                row.notes.append(f"also handed in {rows[student.id].submission}: graded {submission.key}, the later")
            rows[student.id] = row
    for student in roster or []:
        if student.id not in rows:
            rows[student.id] = Row(student, _failed(lessons, NO_SUBMISSION, "nothing handed in"))
    return [rows[key] for key in sorted(rows)]


def _grades_csv(rows: List[Row], lessons: List[Lesson], late: Optional[LatePolicy]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "name", "email", "total"] + [f"lesson {lesson.number}" for lesson in lessons]
                    + ["points before penalty", "submitted", "days late", "penalty %", "status", "error"])
    for row in rows:
        late_note = "marked late by the platform" if row.late_mark and not row.submitted else ""
        writer.writerow([row.student.id, row.student.name, row.student.email, f"{row.total:.2f}"]
                        + [f"{row.graded.points.get(lesson.number, 0.0):.2f}" for lesson in lessons]
                        + [f"{row.graded.total:.2f}", row.submitted, str(row.days_late) if late else "",
                           f"{row.penalty:g}" if late else "", row.graded.status,
                           "; ".join(filter(None, [row.graded.error, late_note, *row.notes]))])
    return buffer.getvalue()


def _canvas_csv(rows: List[Row], lessons: List[Lesson], assignment: str) -> str:
    """Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then the assignment's
    column; the second row gives its points possible. Canvas matches a row by one of ID (its own user id: the
    number in its bulk download's file names, or the ID column of its gradebook export given as the roster)
    and SIS User ID (the school's: a Gradescope SID, any other roster's id). Canvas's own ids go in ID, every
    other id in SIS User ID, never both (they would disagree)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment])
    writer.writerow(["Points Possible", "", "", "", "", str(sum(lesson.points for lesson in lessons))])
    for row in rows:
        own = row.student.canvas_id
        writer.writerow([row.student.name or row.student.id, row.student.id if own else "",
                         "" if own else row.student.id, "", "", f"{row.total:.2f}"])
    return buffer.getvalue()


def _scores_csv(rows: List[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student_id", "score"])
    for row in rows:
        writer.writerow([row.student.id, f"{row.total:.2f}"])
    return buffer.getvalue()


def _summary(rows: List[Row], lessons: List[Lesson], late: Optional[LatePolicy]) -> str:
    """Statuses, how many passed each lesson and the mistakes named for sure: what to teach again next week."""
    graded = [row for row in rows if row.graded.status == GRADED]
    statuses = Counter(row.graded.status for row in rows)
    lines = ["# Class summary", "", f"{len(rows)} students: " + ", ".join(
        f"{count} {status}" for status, count in sorted(statuses.items(), key=lambda item: (-item[1], item[0]))) + ".",
        "", "The points and passes below count the students graded in full (status `graded`). A mistake is "
        "counted only when the grader named it for sure: one mistake, and no other, for the lesson.", "",
        "| lesson | passing | mean points | most common named mistakes |", "|---|---:|---:|---|"]
    for lesson in lessons:
        passing = sum(lesson.number in row.graded.passed for row in graded)
        mean = sum(row.graded.points.get(lesson.number, 0.0) for row in graded) / len(graded) if graded else 0.0
        counts = Counter(mistake for row in graded for mistake in row.graded.mistakes.get(lesson.number, []))
        common = "; ".join(f"{mistake} ({count})" for mistake, count in
                           sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]) or "none named"
        lines.append(f"| {lesson.number}. {lesson.title} | {passing} of {len(graded)} | {mean:.2f} / "
                     f"{lesson.points} | {common.replace('|', '/')} |")
    if late is not None:
        lateness = [row for row in rows if row.days_late]
        unknown = sum(1 for row in rows if row.submission and not row.submitted)
        lines += ["", f"Deadline {late.deadline.strftime('%Y-%m-%d %H:%M:%S UTC')}, {late.per_day:g}% a day late, "
                  f"at most {late.cap:g}%: {len(lateness)} late."]
        lines += [f"- {row.student.id}: {row.days_late} day{'s' * (row.days_late > 1)} late, -{row.penalty:g}%"
                  for row in lateness]
        if unknown:
            lines.append(f"- {unknown} without a submission time in the export: no penalty applied (Canvas and "
                         "Moodle apply their own late policies to the grades they import).")
    others = [row for row in rows if row.graded.status != GRADED or row.notes]
    if others:
        lines += ["", "Not graded in full, or to look at:", ""]
        lines += [f"- {row.student.id}: {row.graded.status}"
                  + (f" ({'; '.join(filter(None, [row.graded.error, *row.notes]))})"
                     if row.graded.error or row.notes else "") for row in others]
    return "\n".join(lines) + "\n"


# --- progress ---------------------------------------------------------------------------------

class _Progress:
    """Counts, the last submission graded and the time left: a rich bar on a terminal, plain lines
    elsewhere. The time left is the mean time per submission so far times those left (a steady
    estimate: submissions finish in the order they finish, not the order they were started)."""

    def __init__(self, total: int, bar: bool):
        self.total, self.count, self.started = total, 0, time.monotonic()
        self.bar = None
        if bar and total:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self.bar = Progress(TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                TextColumn("left"), TimeRemainingColumn(), TextColumn("{task.fields[last]}"),
                                transient=True, speed_estimate_period=24 * 3600)
            self.bar.start()
            self.task = self.bar.add_task("grading", total=total, last="")

    def advance(self, submission: Submission, graded: Graded) -> None:
        self.count += 1
        last = f"last: {submission.key} {graded.total:.2f} ({graded.status})"
        if self.bar is not None:
            self.bar.update(self.task, advance=1, last=last)
            return
        elapsed = time.monotonic() - self.started
        left = elapsed / self.count * (self.total - self.count)
        print(f"[{self.count}/{self.total}] {last}; about {_duration(left)} left", flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


def _progress(total: int, show: Optional[bool]) -> _Progress:
    return _Progress(total, sys.stderr.isatty() if show is None else show)
