"""The trusted side of the boundary: starting the worker, asking it to call the learner's code.

One long-lived worker process (worker/main.py) serves all the calls of one lesson's checks.
The checks hold a `LearnerModule` where they used to hold the learner's module: calling
a function through it sends the inputs to the worker as data and returns what the
learner's function returned, as data (plain arrays and numbers, whatever the learner
returned). Time limits are kept here, not in the worker: a call that runs past its
check's time is ended by killing the worker, and the function's later calls fail at
once with the same reason; the next call of another function starts a fresh worker.
"""

import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np

from worker import wire

from . import deadline, sandbox
from .course import Lesson, find_lesson
from .loading import LessonLoadError, Module, forbidden_import, forbidden_message, package, read_lesson, stub_functions

WORKER_MAIN = Path(wire.__file__).resolve().parent / "main.py"
DIGITS_DIR = Path(__file__).resolve().parent.parent / "digits"
UNTIMED_CALL = 300.0  # seconds a call may take when no check's clock is running


class WorkerDied(Exception):
    """The worker ended in the middle of a call; the message says how."""


class LearnerRaised(Exception):
    """The learner's code raised, warned or exited instead of returning; `details` say which."""

    def __init__(self, details: dict):
        super().__init__(details.get("message", ""))
        self.details = details


class Worker:
    """One worker process, started on first use and again after it died."""

    def __init__(self):
        self.process: Optional[subprocess.Popen] = None
        self.answers: Optional["_Answers"] = None
        self.packages: Dict[str, List[Module]] = {}  # what to load again into a fresh worker
        self.loaded: set = set()
        self.failed: Dict[Tuple[str, str], BaseException] = {}  # (module, function) -> how its call ended
        self.scratch: Optional[str] = None

    def start(self) -> None:
        self.scratch = tempfile.mkdtemp(prefix="checks-worker-")
        paths = _third_party_paths()
        command = [sys.executable, "-I", "-S", str(WORKER_MAIN), "--digits", str(DIGITS_DIR),
                   "--output", os.path.join(self.scratch, "printed.txt")]
        for path in paths:
            command += ["--path", path]
        env = {"HOME": self.scratch, "TMPDIR": self.scratch, "MPLCONFIGDIR": self.scratch, "LANG": "C.UTF-8",
               "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1",
               "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PATH": os.defpath}
        if sys.platform == "win32":
            env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", "")
        self.process = sandbox.start_worker(command, Path(self.scratch), stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                                            cwd=self.scratch, close_fds=True)
        self.answers = _Answers(self.process.stdout)
        self.loaded = set()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def request(self, message: dict, timeout: float) -> dict:
        """Send `message`; the answer, or WorkerDied, or deadline.CheckTimedOut after `timeout` s."""
        if not self.alive():
            self.start()
        try:
            wire.send(self.process.stdin, message)
        except (BrokenPipeError, OSError):
            raise WorkerDied(self._ending()) from None
        try:
            kind, answer = self.answers.next(timeout=max(timeout, 0.001))
        except TimeoutError:
            self.stop()
            raise deadline.CheckTimedOut(deadline.timed_out_message()) from None
        if kind == "answer" and isinstance(answer, dict):
            return answer
        reason = self._ending() if kind == "ended" else f"it sent something that is not an answer ({answer})"
        self.stop()
        raise WorkerDied(reason)

    def _ending(self) -> str:
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "the grading process stopped answering"
        self.process = None
        return sandbox.describe_exit(code)

    def stop(self) -> None:
        """End the worker and everything it started; its scratch folder goes too."""
        if self.process is not None:
            sandbox.kill_tree(self.process)
            self.process = None
        sandbox.end_descendants()
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def ensure_loaded(self, name: str, functions=()) -> dict:
        """Load the package `name` (already registered) into the worker; its load answer."""
        modules = self.packages[name]
        message = {"op": "load", "package": name, "modules": [list(module) for module in modules],
                   "functions": list(functions)}
        answer = self.request(message, _import_time_limit())
        if "error" in answer:
            raise LessonLoadError(answer["error"].get("message", "the lesson could not be imported"))
        self.loaded.add(name)
        return answer


class _Answers:
    """The worker's answers, each waited for at most a given time.

    On POSIX the pipe is polled with select in this thread (no hand-off between threads,
    which costs milliseconds a call); elsewhere a reader thread fills a queue.
    """

    def __init__(self, stream):
        self.stream = stream
        self.queue: Optional["queue.Queue"] = None
        if os.name != "posix":
            self.queue = queue.Queue()
            threading.Thread(target=self._read_all, daemon=True).start()

    def next(self, timeout: float):
        """("answer", value), ("ended", None) or ("garbled", why); TimeoutError after `timeout` s."""
        if self.queue is not None:
            try:
                return self.queue.get(timeout=timeout)
            except queue.Empty:
                raise TimeoutError from None
        import select

        ready, _, _ = select.select([self.stream], [], [], timeout)
        if not ready:
            raise TimeoutError
        return self._read_one()

    def _read_one(self):
        try:
            return "answer", wire.receive(self.stream)
        except EOFError:
            return "ended", None
        except (wire.WireError, OSError, ValueError) as error:
            return "garbled", str(error)

    def _read_all(self) -> None:
        while True:
            item = self._read_one()
            self.queue.put(item)
            if item[0] != "answer":
                return


class LearnerModule:
    """The learner's module `module` in the worker's package `package`: what the checks call into."""

    def __init__(self, worker: Worker, package_name: str, module: str, lesson: Lesson):
        self.worker, self.package, self.module, self.lesson = worker, package_name, module, lesson
        self.__name__ = f"{package_name}.{module}"  # what a Call and a replay script name

    def invoke(self, function: str, args: list, kwargs: dict, spy: Optional[str] = None):
        """(value, indices of args changed in place, values `spy` returned) of one call."""
        key = (self.module, function)
        if key in self.worker.failed:
            raise self.worker.failed[key]
        if not self.worker.alive() or self.package not in self.worker.loaded:
            self.worker.ensure_loaded(self.package)
        message = {"op": "call", "package": self.package, "module": self.module, "function": function,
                   "args": list(args), "kwargs": dict(kwargs), "spy": spy}
        try:
            answer = self.worker.request(message, _time_left())
        except deadline.CheckTimedOut as ended:
            self.worker.failed[key] = ended
            raise
        except WorkerDied as died:
            self.worker.failed[key] = WorkerDied(str(died))
            raise
        deadline.charge(answer.get("seconds", 0.0))
        if "error" in answer:
            raise LearnerRaised(answer["error"])
        return answer.get("value"), answer.get("changed", []), answer.get("spied")

    def time_calls(self, calls: list, repeat: int = 3) -> List[float]:
        """The median seconds of each [module, function, args, kwargs] in `calls`, run in the worker."""
        if not self.worker.alive() or self.package not in self.worker.loaded:
            self.worker.ensure_loaded(self.package)
        answer = self.worker.request({"op": "time", "package": self.package, "calls": calls, "repeat": repeat},
                                     _time_left())
        deadline.charge(answer.get("spent", 0.0))
        if "error" in answer:
            raise LearnerRaised(answer["error"])
        return [float(seconds) for seconds in answer["seconds"]]

    def chain(self, module: str) -> "LearnerModule":
        """The learner's `module` in a package of the learner's own lessons up to that one."""
        lesson = find_lesson(module)
        name = f"chain{lesson.number:02d}"
        if name not in self.worker.packages:
            self.worker.packages[name] = package(lesson, own_chain=True)
        return LearnerModule(self.worker, name, module, lesson)


_prestarted: Optional[Worker] = None


def prestart() -> None:
    """Start a worker now, so that importing NumPy there overlaps pytest's collection here."""
    global _prestarted
    if _prestarted is None:
        _prestarted = Worker()
        _prestarted.start()


def open_lesson(lesson: Lesson) -> LearnerModule:
    """The learner's lesson, loaded in a fresh worker with the reference lessons before it.

    Raises LessonLoadError (one line) when the file cannot be read, imports a forbidden
    package, or fails to import.
    """
    modules = package(lesson)
    found = forbidden_import(modules[-1].source)
    if found:
        raise LessonLoadError(forbidden_message(lesson, *found))
    global _prestarted
    worker, _prestarted = (_prestarted or Worker()), None
    name = f"graded{lesson.number:02d}"
    worker.packages[name] = modules
    learner = LearnerModule(worker, name, lesson.module, lesson)
    try:
        answer = worker.ensure_loaded(name, lesson.functions)
    except WorkerDied as died:
        worker.stop()
        raise LessonLoadError(f"lessons/{lesson.filename} {died} while being imported") from None
    except BaseException:
        worker.stop()
        raise
    learner.callable = answer["loaded"]
    if answer.get("forbidden"):
        worker.stop()
        name = answer["forbidden"][0]
        raise LessonLoadError(forbidden_message(lesson, name, "a machine-learning library"))
    learner.stubs = set(stub_functions(modules[-1].source, lesson.functions))
    return learner


def unwritten(lesson: Lesson) -> Optional[str]:
    """The first function of the learner's `lesson` that is still the stub (or missing), else None."""
    try:
        source = read_lesson(lesson)
    except LessonLoadError:
        return lesson.functions[0]
    stubs = stub_functions(source, lesson.functions)
    return stubs[0] if stubs else None


def _time_left() -> float:
    """How long to wait for the worker's next answer: the check's budget left, plus slack."""
    left = deadline.remaining()
    if left is None:
        return UNTIMED_CALL
    if left <= 0:
        raise deadline.CheckTimedOut(deadline.timed_out_message())
    return left + deadline.SLACK


def _import_time_limit() -> float:
    """Importing a lesson gets one check's time (the import runs before any check's clock)."""
    return float(os.environ.get("CHECKS_TIMEOUT") or 10) + deadline.SLACK


def _third_party_paths() -> List[str]:
    """The folders of installed packages (NumPy's first), for the worker's import path.

    Not the folder that holds `checks` and `solutions` (an editable install puts the
    project root on the path through a .pth file, which the worker, run with -S, never reads).
    """
    root = str(Path(__file__).resolve().parent.parent)
    numpy_home = str(Path(np.__file__).resolve().parent.parent)
    found = [numpy_home]
    for path in sys.path:
        if path and path != root and os.path.isdir(path) and ("site-packages" in path or "dist-packages" in path) \
                and path not in found:
            found.append(path)
    return found
