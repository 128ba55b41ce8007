"""Grading lessons: each in its own subprocess, with time and memory limits, failing closed.

The parent never imports the learner's code. It runs one pytest subprocess per lesson
(two at a time on two cores) with the checks.plugin reporter, a per-check time limit
(checks/deadline.py), a wall-clock limit for the whole lesson (a signal cannot interrupt
a long NumPy call, so the parent kills the process group), an address-space cap and a
cap on what the process may write. It knows each lesson's checks by name (read from
the check file), so a check that never reported is a failure that says why.
"""

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, Optional, Sequence, Set

from .course import LESSONS, Lesson
from .replay import replay_dir
from .results import FAILED, NOT_STARTED, CheckResult, Grading, LessonResult
from .stubs import is_pristine, not_started_message

CHECK_TIMEOUT = 10.0  # seconds a check may take (a check can set its own: @pytest.mark.time_limit)
LESSON_OVERHEAD = 150.0  # seconds on top of n_checks * CHECK_TIMEOUT before the lesson is killed
MEMORY_LIMIT = 3 * 1024 ** 3  # bytes of address space for a lesson's process
OUTPUT_LIMIT = 64 * 1024 ** 2  # bytes a lesson's process may write to a file (a print flood)


def grade(lessons: Sequence[Lesson], lessons_dir: Path, check_timeout: float = CHECK_TIMEOUT) -> Grading:
    """Grade `lessons` of the folder `lessons_dir`, two at a time; results in lesson order.

    A lesson with whole-chain checks (lesson 7) needs the verdicts of the lessons before it:
    when one of those fails, its chain checks fail at once, saying which lesson to fix
    first, instead of training a broken network for minutes. As training takes seconds,
    it starts at once, hoping they pass; if one does not, that grading is stopped and the
    lesson graded again with its chain checks blocked.
    """
    started = time.perf_counter()
    graded: Dict[int, LessonResult] = {}
    chained = [lesson for lesson in lessons if lesson.chain_checks]
    needed = {earlier for lesson in chained for earlier in LESSONS[: lesson.number - 1]}
    first = [lesson for lesson in LESSONS if (lesson in lessons or lesson in needed) and lesson not in chained]
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    try:
        stops = {lesson: threading.Event() for lesson in chained}
        hopeful = {lesson: pool.submit(grade_lesson, lesson, lessons_dir, check_timeout, stop=stops[lesson])
                   for lesson in chained}
        for result in pool.map(lambda lesson: grade_lesson(lesson, lessons_dir, check_timeout), first):
            graded[result.lesson.number] = result
        for lesson in chained:
            blocker = next((graded[earlier.number] for earlier in LESSONS[: lesson.number - 1]
                            if graded[earlier.number].status != "passing"), None)
            if blocker is None:
                graded[lesson.number] = hopeful[lesson].result()
                continue
            stops[lesson].set()
            hopeful[lesson].result()  # wait until that process is gone (it could still write replays)
            note = (f"fix lesson {blocker.lesson.number} first: {len(lesson.chain_checks)} checks here depend "
                    f"on {', '.join(blocker.lesson.functions)}")
            graded[lesson.number] = grade_lesson(lesson, lessons_dir, check_timeout, chain_blocked=note)
    except KeyboardInterrupt:  # Ctrl-C: the lesson processes run in sessions of their own, so end them
        _stop_all()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return Grading([graded[lesson.number] for lesson in lessons], time.perf_counter() - started)


_running: Set[subprocess.Popen] = set()
_running_lock = threading.Lock()
_stopping = threading.Event()


def _stop_all() -> None:
    """Kill every lesson process still running, and start no more."""
    _stopping.set()
    with _running_lock:
        for process in _running:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def grade_lesson(lesson: Lesson, lessons_dir: Path, check_timeout: float = CHECK_TIMEOUT,
                 chain_blocked: str = "", stop: Optional[threading.Event] = None) -> LessonResult:
    """One lesson in its own process. `chain_blocked`, when set, fails its chain checks with that
    note; setting `stop` ends the process early (its result is then not to be used)."""
    names = lesson.check_names
    path = lessons_dir / lesson.filename
    if is_pristine(path, lesson):  # untouched: no need to start a process to know
        message = not_started_message(lesson, lesson.functions[0])
        return LessonResult(lesson, [CheckResult(name, NOT_STARTED, message) for name in names])
    started = time.perf_counter()
    for stale in replay_dir(lessons_dir).glob(f"{lesson.module}-*.py"):  # replays of an earlier grading
        stale.unlink()
    with tempfile.TemporaryDirectory(prefix="checks-") as scratch:
        records_path = Path(scratch) / "results.jsonl"
        ending = _run_checks(lesson, lessons_dir, records_path, Path(scratch), check_timeout, len(names),
                             chain_blocked, stop or threading.Event())
        records = _read_records(records_path)
    checks = [CheckResult(name, **records[name]) if name in records else
              CheckResult(name, FAILED, ending) for name in names]
    return LessonResult(lesson, checks, note=chain_blocked, seconds=time.perf_counter() - started)


def _run_checks(lesson: Lesson, lessons_dir: Path, records: Path, scratch: Path, check_timeout: float,
                n_checks: int, chain_blocked: str, stop: threading.Event) -> str:
    """Run the lesson's checks; return what to say of any check that did not report."""
    # Only the plugins grading needs: autoloading every installed one costs a second a lesson.
    command = [sys.executable, "-m", "pytest", str(lesson.check_file), "-q", "-p", "checks.plugin",
               "-p", "_hypothesis_pytestplugin", "-p", "no:cacheprovider",
               "--rootdir", str(lesson.check_file.parent.parent)]
    env = {**os.environ, "CHECKS_LESSONS": str(lessons_dir), "CHECKS_RESULTS": str(records),
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
           "PYTHONDONTWRITEBYTECODE": "1",  # never write __pycache__ into the learner's lessons/
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "NO_COLOR": "1", "CHECKS_CHAIN_BLOCKED": chain_blocked,
           "CHECKS_TIMEOUT": str(check_timeout)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(lesson.check_file.parent.parent),
                                                      os.environ.get("PYTHONPATH")]))
    wall = n_checks * check_timeout + LESSON_OVERHEAD
    with open(scratch / "output.txt", "wb") as output, _running_lock:
        if _stopping.is_set():
            raise KeyboardInterrupt
        process = subprocess.Popen(command, cwd=scratch, env=env, stdin=subprocess.DEVNULL, stdout=output,
                                   stderr=subprocess.STDOUT, preexec_fn=_limits, start_new_session=True)
        _running.add(process)
    ends = time.monotonic() + wall
    try:
        while (code := process.poll()) is None:
            if stop.is_set() or time.monotonic() > ends:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return ("stopped" if stop.is_set() else
                        f"timed out: lesson {lesson.number}'s checks were stopped after {wall:g} s "
                        "(something ran far too long)")
            time.sleep(0.05)
    finally:
        with _running_lock:
            _running.discard(process)
    if code < 0:
        name = signal.Signals(-code).name
        why = {"SIGSEGV": "crashed (segmentation fault)", "SIGKILL": "was killed (out of memory?)",
               "SIGXFSZ": f"printed more than {OUTPUT_LIMIT // 1024 ** 2} MB",
               "SIGABRT": "aborted"}.get(name, f"was killed by {name}")
        return f"the process {why} before this check reported"
    tail = (scratch / "output.txt").read_bytes()[-2000:].decode("utf-8", "replace").strip().splitlines()
    if code in (2, 3, 4) and not records.exists():
        return f"the checks could not run (pytest exit {code}): {tail[-1] if tail else 'no output'}"
    return (f"the process ended without reporting (exit code {code}): lesson {lesson.number} called exit "
            "(sys.exit, exit or os._exit) while being graded")


def _limits() -> None:
    """In the child: cap memory and file writes (runs between fork and exec)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_LIMIT, OUTPUT_LIMIT))


def _read_records(path: Path) -> Dict[str, dict]:
    records: Dict[str, dict] = {}
    if not path.exists():
        return records
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a crash: that check counts as unreported
        name = record.pop("name", None)
        if name and name not in records:
            records[name] = {key: record.get(key) for key in ("status", "message", "seconds", "replay")}
    return records
