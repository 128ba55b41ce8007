"""Grading lessons: each in its own trusted process, with time and memory limits, failing closed.

Two processes grade a lesson: its pytest process (the trusted side: checks, hypothesis,
the reference, every comparison) and the worker that process starts, the only one that
imports the learner's code (checks/remote.py, worker/). This module is the parent of the
pytest processes, about one per core: it gives each the write end of a pipe for its
verdicts, a wall-clock limit for the whole lesson (the parent kills the process group)
and caps on memory and output. It knows each lesson's checks by name (read from the check
file), so a check that never reported is a failure that says why. Before it returns,
everything the lessons started is dead (checks/sandbox.py), so no report it writes can be
touched afterwards.

A long-lived grader (grade-class's class runner) calls `keep_warm()` first: its pytest
processes are then kept from one grading to the next (`_WarmPool`), one lesson process at a
time, since its jobs already keep every core busy.
"""

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

from . import exam, sandbox
from .course import LESSONS, Lesson
from .loading import LessonLoadError, prerequisites, read_lesson
from .replay import replay_dir
from .results import FAILED, NOT_STARTED, CheckResult, Grading, LessonResult, gate
from .stubs import SOLUTIONS_DIR, is_pristine, not_started_message

CHECK_TIMEOUT = 10.0  # seconds a check may take (a check can set its own: @pytest.mark.time_limit)
LESSON_OVERHEAD = 150.0  # seconds on top of n_checks * CHECK_TIMEOUT before the lesson is killed


def grade(lessons: Sequence[Lesson], lessons_dir: Path, check_timeout: float = CHECK_TIMEOUT,
          one_at_a_time: Optional[bool] = None, secret: Optional[bytes] = None) -> Grading:
    """Grade `lessons` of the folder `lessons_dir`, a process per core; results in lesson order.

    A lesson with prerequisites (lesson 7's whole-chain checks; in a student release, every
    lesson that runs the learner's own earlier lessons) needs their verdicts: when one of
    those fails, the checks that depend on them fail at once, saying which lesson to fix
    first, instead of training a broken network for minutes. As grading takes seconds,
    those checks start at once in a process of their own, hoping they pass; if one does
    not, that process is stopped and they are graded again, blocked. A lesson's other
    checks are graded with the other lessons.

    `one_at_a_time` (by default, once `keep_warm()` was called: grade-class, whose jobs keep every
    core busy already): one process at a time, the lessons first, then the chain checks, each
    told whether a lesson it needs failed; the same verdicts, without a process that trains in vain.

    `secret` (the instructor's, grade-class and the autograder): each lesson sits the secret exam of its
    file (checks/exam.py); None: the fixed, self-study exam.
    """
    started = time.perf_counter()
    one_at_a_time = _warm.enabled if one_at_a_time is None else one_at_a_time
    sandbox.protect_grader()
    wanted = [lesson for lesson in LESSONS if lesson in lessons or any(lesson in prerequisites(other)
                                                                         for other in lessons)]
    graded = {lesson: _without_process(lesson, lessons_dir) for lesson in wanted}
    exam_env = exam.environment(secret, lessons_dir)  # read before any learner code runs
    to_run = [lesson for lesson in wanted if graded[lesson] is None]
    for lesson in to_run:
        for stale in replay_dir(lessons_dir).glob(f"{lesson.module}-*.py"):  # replays of an earlier grading
            stale.unlink()
    chained = [lesson for lesson in wanted if prerequisites(lesson)]
    hopeful = {lesson: lesson.chain_checks if lesson.chain_checks and SOLUTIONS_DIR.is_dir() else lesson.check_names
               for lesson in chained if lesson in to_run}
    rest = [(lesson, names) for lesson in to_run
            if (names := tuple(name for name in lesson.check_names if name not in hopeful.get(lesson, ())))]
    # The rest share the cores the hopeful processes leave, a few lessons per process: pytest and
    # hypothesis start once per process (most of a second), not once per lesson. Where hopeful
    # processes would take every core (lessons 7 and 10 of a finished course), the rest still get
    # one per core: only lesson 7's trains for long, and one process for lessons 1-9 would be the last to end.
    cores = 1 if one_at_a_time else os.cpu_count() or 2
    spare = cores - len(hopeful) if len(hopeful) < cores else cores
    batches = [batch for batch in (rest[i::spare] for i in range(spare)) if batch]
    pool = ThreadPoolExecutor(max_workers=1 if one_at_a_time else max(1, min(len(hopeful) + len(batches), 2 * cores)))
    checks: Dict[Lesson, Dict[str, CheckResult]] = {lesson: {} for lesson in to_run}
    isolation: Set[str] = set()

    def collect(found) -> None:
        for lesson, results in found[0].items():
            checks[lesson].update(results)
        isolation.update(found[1])

    def result(lesson: Lesson, note: str = "") -> LessonResult:
        ordered = [checks[lesson][name] for name in lesson.check_names]
        return LessonResult(lesson, gate(lesson, ordered), note=note, isolation=sorted(isolation))

    def blocked(lesson: Lesson) -> str:  # the note when a lesson it needs is known not to pass
        blocker = next((graded[earlier] for earlier in prerequisites(lesson)
                        if graded[earlier] is not None and graded[earlier].status != "passing"), None)
        names = lesson.chain_checks if lesson.chain_checks and SOLUTIONS_DIR.is_dir() else lesson.check_names
        return "" if blocker is None else (f"fix lesson {blocker.lesson.number} first: {len(names)} checks here "
                                           f"depend on {', '.join(blocker.lesson.functions)}")

    try:
        batched = [pool.submit(_grade_checks, batch, lessons_dir, check_timeout, exam_env) for batch in batches]
        stops = {lesson: threading.Event() for lesson in hopeful}
        notes = {lesson: blocked(lesson) for lesson in hopeful}
        running = {} if one_at_a_time else {
            lesson: pool.submit(_grade_checks, [(lesson, names)], lessons_dir, check_timeout, exam_env,
                                notes[lesson], stops[lesson]) for lesson, names in hopeful.items()}
        for future in batched:
            collect(future.result())
        graded.update({lesson: result(lesson) for lesson in to_run if lesson not in hopeful})
        for lesson in chained:  # in lesson order: a prerequisite's own verdict is settled first
            note = blocked(lesson)
            if lesson not in hopeful:  # judged without a process (said again with the note, as it was)
                graded[lesson] = _without_process(lesson, lessons_dir, note) if note else graded[lesson]
                continue
            if lesson not in running:  # one at a time: started now that the lessons it needs are graded
                running[lesson] = pool.submit(_grade_checks, [(lesson, hopeful[lesson])], lessons_dir, check_timeout,
                                              exam_env, note)
            elif note != notes[lesson]:  # a lesson it needs failed: grade those checks again, blocked
                stops[lesson].set()
                running[lesson].result()  # wait until that process is gone (it could still write replays)
                running[lesson] = pool.submit(_grade_checks, [(lesson, hopeful[lesson])], lessons_dir, check_timeout,
                                              exam_env, note)
            collect(running[lesson].result())
            graded[lesson] = result(lesson, note)
    except KeyboardInterrupt:  # Ctrl-C: the lesson processes run in sessions of their own, so end them
        _stop_all()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        sandbox.end_descendants(keep=_warm.pids())  # orphans of a lesson process killed on its wall clock
    return Grading([graded[lesson] for lesson in lessons], time.perf_counter() - started, isolation=sorted(isolation))


_running: Set[subprocess.Popen] = set()
_running_lock = threading.Lock()
_stopping = threading.Event()


def _stop_all() -> None:
    """Kill every lesson process still running, and start no more."""
    _stopping.set()
    with _running_lock:
        for process in _running:
            sandbox.kill_tree(process)


def _grade_checks(parts: Sequence[Tuple[Lesson, Tuple[str, ...]]], lessons_dir: Path, check_timeout: float,
                  exam_env: Dict[str, str], chain_blocked: str = "", stop: Optional[threading.Event] = None):
    """The checks `parts` names ((lesson, check names) each) run in one trusted process, each lesson
    with a worker of its own: ({lesson: {name: CheckResult}}, the isolation notes it reported).
    `exam_env`: the exam's variables (checks/exam.py `environment`; none for self-study).
    `chain_blocked`, when set, fails the chain checks with that note; setting `stop` ends the
    process early (its results are then not to be used)."""
    with tempfile.TemporaryDirectory(prefix="checks-") as scratch:
        records: List[dict] = []
        ending = _run_checks(parts, lessons_dir, records, Path(scratch), check_timeout, exam_env, chain_blocked,
                             stop or threading.Event())
    found = {}
    for lesson, names in parts:
        verdicts = _verdicts([record for record in records if record.get("module") == lesson.module])
        found[lesson] = {name: CheckResult(name, **verdicts[name]) if name in verdicts else
                         CheckResult(name, FAILED, ending) for name in names}
    return found, {note for record in records for note in record.get("isolation", [])}


def _without_process(lesson: Lesson, lessons_dir: Path, chain_blocked: str = "") -> Optional[LessonResult]:
    """The result of a lesson that is the untouched stub, or whose file cannot be read; else None."""
    names = lesson.check_names
    if is_pristine(lessons_dir / lesson.filename, lesson):  # untouched: no need to start a process to know
        message = not_started_message(lesson, lesson.functions[0])
        return LessonResult(lesson, [CheckResult(name, NOT_STARTED, message) for name in names])
    try:
        read_lesson(lesson, lessons_dir)
    except LessonLoadError as error:  # missing, a folder, unreadable, not UTF-8: said without a process too
        return LessonResult(lesson, [CheckResult(name, FAILED, str(error)) for name in names], note=chain_blocked)
    return None


def _run_checks(parts: Sequence[Tuple[Lesson, Tuple[str, ...]]], lessons_dir: Path, records: List[dict],
                scratch: Path, check_timeout: float, exam_env: Dict[str, str], chain_blocked: str,
                stop: threading.Event) -> str:
    """Run the parts' checks, collecting their records; return what to say of any check that did not report."""
    # Only the plugins grading needs: autoloading every installed one costs a second a lesson, and
    # pytest's own unused ones a tenth (unraisableexception collects garbage five times at the end).
    check_dir = parts[0][0].check_file.parent
    selected = []
    for lesson, names in parts:  # a whole check file, or some of its checks
        whole = names == lesson.check_names
        selected += [str(lesson.check_file)] if whole else [f"{lesson.check_file}::{name}" for name in names]
    arguments = [*selected, "-q", "-p", "checks.plugin", "-p", "_hypothesis_pytestplugin",
                 "--continue-on-collection-errors", "--rootdir", str(check_dir.parent)]
    for name in UNUSED_PLUGINS:
        arguments += ["-p", f"no:{name}"]
    env = {**os.environ, "CHECKS_LESSONS": str(lessons_dir),
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
           "PYTHONDONTWRITEBYTECODE": "1",  # never write __pycache__ into the learner's lessons/
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "NO_COLOR": "1", "CHECKS_CHAIN_BLOCKED": chain_blocked,
           "CHECKS_TIMEOUT": str(check_timeout)}
    env.pop("CHECKS_RESULTS", None)
    env.pop(exam.EXAM_VARIABLE, None)  # the exam is this grading's, never one inherited
    env.update(exam_env)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(check_dir.parent), os.environ.get("PYTHONPATH")]))
    wall = sum(len(names) for _, names in parts) * check_timeout + LESSON_OVERHEAD * len(parts)
    channel = _Channel(scratch, pipe=not _warm.enabled)
    env.update(channel.env)
    with _running_lock:
        if _stopping.is_set():
            raise KeyboardInterrupt
        if _warm.enabled:
            process = _warm.take(env)
            process.run(arguments, scratch, {key: value for key, value in env.items() if key.startswith("CHECKS_")},
                        scratch / "output.txt")
        else:
            with open(scratch / "output.txt", "wb") as output:
                process = subprocess.Popen([sys.executable, "-c", _PYTEST, *arguments], cwd=scratch, env=env,
                                           stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                                           **channel.popen, **_own_group())
        channel.started()
        _running.add(process)
    ends = time.monotonic() + wall
    try:
        while (code := process.poll()) is None:
            if stop.is_set() or time.monotonic() > ends:
                sandbox.kill_tree(process)
                process.wait()
                channel.collect(records)
                return ("stopped" if stop.is_set() else
                        f"timed out: the checks were stopped after {wall:g} s (something ran far too long)")
            time.sleep(0.02)
    finally:
        with _running_lock:
            _running.discard(process)
        if _warm.enabled:
            _warm.give_back(process)
    channel.collect(records)
    if code < 0:
        return f"the grading process {sandbox.describe_exit(code)} before this check reported"
    tail = (scratch / "output.txt").read_bytes()[-2000:].decode("utf-8", "replace").strip().splitlines()
    if code in (2, 3, 4) and not records:
        return f"the checks could not run (pytest exit {code}): {tail[-1] if tail else 'no output'}"
    return f"the grading process ended without reporting (exit code {code})"


# The worker's zygote starts first (its NumPy import overlaps pytest's start, not the first check); then
# pytest.main and the exit handlers, and out at once: every verdict is written and flushed by then
# (checks/plugin.py), and tearing down the interpreter's modules and objects costs a quarter of a second.
_PYTEST = ("from checks import remote, sandbox\n"
           "sandbox.protect_grader(); remote.prestart()\n"
           "import atexit, os, sys, pytest\n"
           "code = pytest.main(sys.argv[1:])\n"
           "atexit._run_exitfuncs()\n"
           "sys.stdout.flush(), sys.stderr.flush()\n"
           "os._exit(int(code))")
UNUSED_PLUGINS = ("cacheprovider", "unraisableexception", "threadexception", "doctest", "junitxml", "pastebin",
                  "legacypath", "stepwise", "setuponly", "setupplan", "unittest", "subtests")


class _Channel:
    """How a lesson's pytest process sends its verdicts: a pipe it inherits (POSIX), else a file
    (also for a warm process, which was started before the pipe existed)."""

    def __init__(self, scratch: Path, pipe: bool = True):
        self.lines: List[bytes] = []
        if os.name == "posix" and pipe:
            self.read_end, self.write_end = os.pipe()
            self.env, self.popen = {"CHECKS_RESULTS_FD": str(self.write_end)}, {"pass_fds": (self.write_end,)}
            self.reader = threading.Thread(target=self._drain, daemon=True)
        else:
            self.path = scratch / "results.jsonl"
            self.env, self.popen, self.reader = {"CHECKS_RESULTS": str(self.path)}, {}, None

    def started(self) -> None:
        if self.reader is not None:
            os.close(self.write_end)  # the child holds the only write end: EOF when it is gone
            self.reader.start()

    def _drain(self) -> None:
        with os.fdopen(self.read_end, "rb") as pipe:
            for line in pipe:
                self.lines.append(line)

    def collect(self, records: List[dict]) -> None:
        if self.reader is not None:
            self.reader.join(timeout=10)
            data = b"".join(self.lines)
        else:
            data = self.path.read_bytes() if self.path.exists() else b""
        for line in data.decode("utf-8", "replace").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a crash: that check counts as unreported
            if isinstance(record, dict):
                records.append(record)


def serve_jobs(run: Callable[[dict], int]) -> None:
    """A long-lived child's loop (a warm pytest process, grade-class's class runner, the test suite's
    catalogue runner): one job a line on stdin (JSON with at least its folder `cwd` and its
    `output` file), run by `run` in that folder with all it prints going to that file; the exit
    code answered a line on this process's own stdout (read by `AnswerLines`)."""
    answers = os.fdopen(os.dup(1), "w")
    for line in sys.stdin:
        job = json.loads(line)
        os.chdir(job["cwd"])
        with open(job["output"], "wb") as output:
            os.dup2(output.fileno(), 1)
            os.dup2(output.fileno(), 2)
            code = run(job)
            sys.stdout.flush()
            sys.stderr.flush()
        answers.write(f"{int(code)}\n")
        answers.flush()


def run_pytest_job(job: dict) -> int:
    """A fresh `pytest.main(job["args"])` with the job's CHECKS_ variables (and no earlier job's);
    hypothesis's passing draws are kept between jobs (checks/warm.py)."""
    import pytest

    for key in [key for key in os.environ if key.startswith("CHECKS_")]:
        del os.environ[key]
    os.environ.update(job["env"])
    return int(pytest.main(job["args"]))


_WARM_PYTEST = ("from checks import remote, sandbox\n"
                "sandbox.protect_grader(); remote.prestart()\n"
                "import atexit, os\n"
                "from checks.grading import run_pytest_job, serve_jobs\n"
                "serve_jobs(run_pytest_job)\n"
                "atexit._run_exitfuncs()\n"
                "os._exit(0)\n")


def exit_code(answer: Optional[bytes]) -> Optional[int]:
    """The exit code a `serve_jobs` child answered with; None for anything else (nothing, its end)."""
    return int(answer) if answer and answer.strip().lstrip(b"-").isdigit() else None


class AnswerLines:
    """The lines a long-lived child answers with on its stdout, each waited for with a time limit.
    A reader thread, not select: select cannot wait on a pipe on every platform."""

    def __init__(self, stream):
        self.lines: "queue.Queue[bytes]" = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in iter(stream.readline, b""):
            self.lines.put(line)
        self.lines.put(b"")  # the child closed its stdout: it ended

    def next(self, timeout: float = 0) -> Optional[bytes]:
        """The next line; b"" once the child ended; None if nothing came within `timeout` s."""
        try:
            return self.lines.get(timeout=timeout) if timeout > 0 else self.lines.get_nowait()
        except queue.Empty:
            return None


class _WarmPytest:
    """One warm pytest process: `run` a batch, then `poll` its exit code like a Popen's."""

    def __init__(self, env: Dict[str, str]):
        # In the course's folder: `python -c` imports `checks` from where it starts.
        self.popen = subprocess.Popen([sys.executable, "-c", _WARM_PYTEST], cwd=Path(__file__).resolve().parent.parent,
                                      env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, **_own_group())
        self.pid = self.popen.pid
        self.answers = AnswerLines(self.popen.stdout)

    def run(self, args: List[str], cwd: Path, env: Dict[str, str], output: Path) -> None:
        job = {"args": args, "cwd": str(cwd), "env": env, "output": str(output)}
        try:
            self.popen.stdin.write((json.dumps(job) + "\n").encode())
            self.popen.stdin.flush()
        except OSError:
            pass  # it died: poll says how

    def poll(self) -> Optional[int]:
        """The batch's exit code once answered; the process's own exit code if it ended instead."""
        line = self.answers.next()
        if line is None:
            return None
        code = exit_code(line)
        return self.popen.wait() if code is None else code

    def kill(self) -> None:
        self.popen.kill()

    def wait(self, timeout: Optional[float] = None) -> int:
        return self.popen.wait(timeout)


class _WarmPool:
    """The warm pytest processes of a long-lived grading process (grade-class's runner): each
    batch takes an idle one (or starts one) and gives it back; one that was killed or ended is
    dropped, and the next batch starts a new one. Off (fresh processes) unless `keep_warm()`."""

    def __init__(self):
        self.enabled = False
        self.idle: List[_WarmPytest] = []
        self.all: List[_WarmPytest] = []

    def take(self, env: Dict[str, str]) -> _WarmPytest:
        while self.idle:
            process = self.idle.pop()
            if process.popen.poll() is None:
                return process
        process = _WarmPytest({key: value for key, value in env.items() if not key.startswith("CHECKS_")})
        self.all.append(process)
        return process

    def give_back(self, process: _WarmPytest) -> None:
        if process.popen.poll() is None:
            self.idle.append(process)
        else:
            self.all.remove(process)

    def pids(self) -> List[int]:
        return [process.pid for process in self.all if process.popen.poll() is None]


_warm = _WarmPool()


def keep_warm() -> None:
    """From now on, grade in warm pytest processes kept between gradings, one at a time (grade-class)."""
    _warm.enabled = True


def _own_group() -> dict:
    """A session of its own (to kill the whole group) and the caps, where the platform has them."""
    if os.name != "posix":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True, "preexec_fn": sandbox.limit_grader_process}


def _verdicts(records: List[dict]) -> Dict[str, dict]:
    verdicts: Dict[str, dict] = {}
    for record in records:
        name = record.get("name")
        if name and name not in verdicts:
            verdicts[name] = {key: record.get(key) for key in ("status", "message", "seconds", "replay")}
    return verdicts
