"""Grading lessons: each in its own trusted process, with time and memory limits, failing closed.

Two processes grade a lesson: its pytest process (the trusted side: checks, hypothesis,
the reference, every comparison) and the worker that process starts, the only one that
imports the learner's code (checks/remote.py, worker/). This module is the parent of the
pytest processes, two at a time on two cores: it gives each the write end of a pipe for
its verdicts, a wall-clock limit for the whole lesson (the parent kills the process group)
and caps on memory and output. It knows each lesson's checks by name (read from the check
file), so a check that never reported is a failure that says why. Before it returns,
everything the lessons started is dead (checks/sandbox.py), so no report it writes can be
touched afterwards.
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set

from . import sandbox
from .course import LESSONS, Lesson
from .loading import LessonLoadError, prerequisites, read_lesson
from .replay import replay_dir
from .results import FAILED, NOT_STARTED, CheckResult, Grading, LessonResult, gate
from .stubs import SOLUTIONS_DIR, is_pristine, not_started_message

CHECK_TIMEOUT = 10.0  # seconds a check may take (a check can set its own: @pytest.mark.time_limit)
LESSON_OVERHEAD = 150.0  # seconds on top of n_checks * CHECK_TIMEOUT before the lesson is killed


def grade(lessons: Sequence[Lesson], lessons_dir: Path, check_timeout: float = CHECK_TIMEOUT) -> Grading:
    """Grade `lessons` of the folder `lessons_dir`, two at a time; results in lesson order.

    A lesson with prerequisites (lesson 7's whole-chain checks; in a student release, every
    lesson that runs the learner's own earlier lessons) needs their verdicts: when one of
    those fails, its checks fail at once, saying which lesson to fix first, instead of
    training a broken network for minutes. As grading takes seconds, it starts at once,
    hoping they pass; if one does not, that grading is stopped and the lesson graded again
    with those checks blocked.
    """
    started = time.perf_counter()
    sandbox.protect_grader()
    graded: Dict[int, LessonResult] = {}
    wanted = set(lessons) | {earlier for lesson in lessons for earlier in prerequisites(lesson)}
    chained = [lesson for lesson in LESSONS if lesson in wanted and prerequisites(lesson)]
    first = [lesson for lesson in LESSONS if lesson in wanted and lesson not in chained]
    cores = os.cpu_count() or 2
    pool = ThreadPoolExecutor(max_workers=cores)
    # The other lessons share the cores the chained ones leave, a few per process: pytest and
    # hypothesis start once per process (about 0.6 s), not once per lesson.
    spare = max(1, cores - len(chained))
    batches = [batch for batch in (first[i::spare] for i in range(spare)) if batch]
    try:
        stops = {lesson: threading.Event() for lesson in chained}
        hopeful = {lesson: pool.submit(grade_lesson, lesson, lessons_dir, check_timeout, stop=stops[lesson])
                   for lesson in chained}
        for results in pool.map(lambda batch: grade_lessons(batch, lessons_dir, check_timeout), batches):
            for result in results:
                graded[result.lesson.number] = result
        for lesson in chained:  # in lesson order: a prerequisite's own verdict is settled first
            blocker = next((graded[earlier.number] for earlier in prerequisites(lesson)
                            if graded[earlier.number].status != "passing"), None)
            if blocker is None:
                graded[lesson.number] = hopeful[lesson].result()
                continue
            stops[lesson].set()
            hopeful[lesson].result()  # wait until that process is gone (it could still write replays)
            blocked = lesson.chain_checks if lesson.chain_checks and SOLUTIONS_DIR.is_dir() else lesson.check_names
            note = (f"fix lesson {blocker.lesson.number} first: {len(blocked)} checks here depend "
                    f"on {', '.join(blocker.lesson.functions)}")
            graded[lesson.number] = grade_lesson(lesson, lessons_dir, check_timeout, chain_blocked=note)
    except KeyboardInterrupt:  # Ctrl-C: the lesson processes run in sessions of their own, so end them
        _stop_all()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        sandbox.end_descendants()  # orphans of a lesson process killed on its wall clock
    notes = sorted({note for result in graded.values() for note in result.isolation})
    return Grading([graded[lesson.number] for lesson in lessons], time.perf_counter() - started, isolation=notes)


_running: Set[subprocess.Popen] = set()
_running_lock = threading.Lock()
_stopping = threading.Event()


def _stop_all() -> None:
    """Kill every lesson process still running, and start no more."""
    _stopping.set()
    with _running_lock:
        for process in _running:
            sandbox.kill_tree(process)


def grade_lesson(lesson: Lesson, lessons_dir: Path, check_timeout: float = CHECK_TIMEOUT,
                 chain_blocked: str = "", stop: Optional[threading.Event] = None) -> LessonResult:
    """One lesson in its own process. `chain_blocked`, when set, fails its chain checks with that
    note; setting `stop` ends the process early (its result is then not to be used)."""
    return grade_lessons([lesson], lessons_dir, check_timeout, chain_blocked, stop)[0]


def grade_lessons(lessons: Sequence[Lesson], lessons_dir: Path, check_timeout: float = CHECK_TIMEOUT,
                  chain_blocked: str = "", stop: Optional[threading.Event] = None) -> List[LessonResult]:
    """`lessons` graded in one trusted process (each with a worker of its own); results in order.

    A lesson that is the untouched stub, or whose file cannot be read, is judged without a process.
    """
    quick = {lesson.number: _without_process(lesson, lessons_dir, chain_blocked) for lesson in lessons}
    to_run = [lesson for lesson in lessons if quick[lesson.number] is None]
    if to_run:
        started = time.perf_counter()
        for lesson in to_run:
            for stale in replay_dir(lessons_dir).glob(f"{lesson.module}-*.py"):  # replays of an earlier grading
                stale.unlink()
        with tempfile.TemporaryDirectory(prefix="checks-") as scratch:
            records: List[dict] = []
            ending = _run_checks(to_run, lessons_dir, records, Path(scratch), check_timeout, chain_blocked,
                                 stop or threading.Event())
        isolation = sorted({note for record in records for note in record.get("isolation", [])})
        seconds = (time.perf_counter() - started) / len(to_run)
        for lesson in to_run:
            verdicts = _verdicts([record for record in records if record.get("module") == lesson.module])
            checks = [CheckResult(name, **verdicts[name]) if name in verdicts else CheckResult(name, FAILED, ending)
                      for name in lesson.check_names]
            quick[lesson.number] = LessonResult(lesson, gate(lesson, checks), note=chain_blocked, seconds=seconds,
                                                isolation=isolation)
    return [quick[lesson.number] for lesson in lessons]


def _without_process(lesson: Lesson, lessons_dir: Path, chain_blocked: str) -> Optional[LessonResult]:
    names = lesson.check_names
    if is_pristine(lessons_dir / lesson.filename, lesson):  # untouched: no need to start a process to know
        message = not_started_message(lesson, lesson.functions[0])
        return LessonResult(lesson, [CheckResult(name, NOT_STARTED, message) for name in names])
    try:
        read_lesson(lesson, lessons_dir)
    except LessonLoadError as error:  # missing, a folder, unreadable, not UTF-8: said without a process too
        return LessonResult(lesson, [CheckResult(name, FAILED, str(error)) for name in names], note=chain_blocked)
    return None


def _run_checks(lessons: Sequence[Lesson], lessons_dir: Path, records: List[dict], scratch: Path,
                check_timeout: float, chain_blocked: str, stop: threading.Event) -> str:
    """Run the lessons' checks, collecting their records; return what to say of any check that did not report."""
    # Only the plugins grading needs: autoloading every installed one costs a second a lesson.
    check_dir = lessons[0].check_file.parent
    command = [sys.executable, "-m", "pytest", *[str(lesson.check_file) for lesson in lessons], "-q",
               "-p", "checks.plugin", "-p", "_hypothesis_pytestplugin", "-p", "no:cacheprovider",
               "--continue-on-collection-errors", "--rootdir", str(check_dir.parent)]
    env = {**os.environ, "CHECKS_LESSONS": str(lessons_dir),
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
           "PYTHONDONTWRITEBYTECODE": "1",  # never write __pycache__ into the learner's lessons/
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "NO_COLOR": "1", "CHECKS_CHAIN_BLOCKED": chain_blocked,
           "CHECKS_TIMEOUT": str(check_timeout)}
    env.pop("CHECKS_RESULTS", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(check_dir.parent), os.environ.get("PYTHONPATH")]))
    wall = sum(len(lesson.check_names) for lesson in lessons) * check_timeout + LESSON_OVERHEAD * len(lessons)
    channel = _Channel(scratch)
    env.update(channel.env)
    with open(scratch / "output.txt", "wb") as output, _running_lock:
        if _stopping.is_set():
            raise KeyboardInterrupt
        process = subprocess.Popen(command, cwd=scratch, env=env, stdin=subprocess.DEVNULL, stdout=output,
                                   stderr=subprocess.STDOUT, **channel.popen, **_own_group())
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
    channel.collect(records)
    if code < 0:
        return f"the grading process {sandbox.describe_exit(code)} before this check reported"
    tail = (scratch / "output.txt").read_bytes()[-2000:].decode("utf-8", "replace").strip().splitlines()
    if code in (2, 3, 4) and not records:
        return f"the checks could not run (pytest exit {code}): {tail[-1] if tail else 'no output'}"
    return f"the grading process ended without reporting (exit code {code})"


class _Channel:
    """How a lesson's pytest process sends its verdicts: a pipe it inherits (POSIX), else a file."""

    def __init__(self, scratch: Path):
        self.lines: List[bytes] = []
        if os.name == "posix":
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
