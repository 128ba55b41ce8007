"""The trusted side of the boundary: starting the worker, asking it to call the learner's code.

One long-lived worker process (worker/main.py) serves all the calls of one lesson's checks;
on Linux with Landlock it is forked from a zygote that has imported NumPy already (`_Zygote`).
The checks hold a `LearnerModule` where they used to hold the learner's module: calling
a function through it sends the inputs to the worker as data and returns what the
learner's function returned, as data (plain arrays and numbers, whatever the learner
returned). Time limits are kept here, not in the worker: a call that runs past its
check's time is ended by killing the worker, and the function's later calls fail at
once with the same reason; the next call of another function starts a fresh worker.
"""

import atexit
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np

from worker import wire

from . import deadline, sandbox
from .course import Lesson, find_lesson
from .loading import (LessonLoadError, Module, forbidden_import, forbidden_message, package, read_lesson, shown_path,
                      stub_functions)

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
        self.loaded = set()
        zygote = _zygote()
        if zygote is not None:
            try:
                self.scratch, self.process = zygote.fork()
                self.answers = _Answers(self.process.stdout)
                return
            except (OSError, ValueError):  # the zygote is gone or stuck: fresh interpreters from now on
                _end_zygote(failed=True)
        self.scratch = tempfile.mkdtemp(prefix="checks-worker-")
        self.process = _start_confined(self.scratch, "--output", os.path.join(self.scratch, "printed.txt"),
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.answers = _Answers(self.process.stdout)

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
        end_workers()
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


def _start_confined(scratch: str, *arguments: str, **popen) -> subprocess.Popen:
    """worker/main.py with `arguments`, confined (checks/sandbox.py), its only folder `scratch`."""
    command = [sys.executable, "-I", "-S", str(WORKER_MAIN), "--digits", str(DIGITS_DIR), *arguments]
    for path in _third_party_paths():
        command += ["--path", path]
    env = {"HOME": scratch, "TMPDIR": scratch, "MPLCONFIGDIR": scratch, "LANG": "C.UTF-8",
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1",
           "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PATH": os.defpath}
    if sys.platform == "win32":
        env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", "")
    return sandbox.start_worker(command, Path(scratch), stderr=subprocess.DEVNULL, env=env, cwd=scratch,
                                close_fds=True, **popen)


class _Zygote:
    """A confined worker process that has imported NumPy and forks a fresh worker on request.

    Starting a worker from scratch costs a third of a second of CPU (an interpreter importing
    NumPy), once per lesson; forked, a millisecond. The zygote is confined like a worker and
    never runs learner code; each worker it forks gets a folder inside the zygote's, a session
    and a Landlock layer of its own (worker/main.py `_fork_workers`). Used only where
    `sandbox.forkable()`.
    """

    def __init__(self):
        self.scratch = tempfile.mkdtemp(prefix="checks-worker-")
        self.socket, theirs = socket.socketpair()
        try:
            self.process = _start_confined(self.scratch, "--zygote", stdin=theirs, stdout=subprocess.DEVNULL)
        finally:
            theirs.close()
        self.forked = 0

    def fork(self) -> Tuple[str, "_Forked"]:
        """(the new worker's folder, the worker); OSError or ValueError when the zygote cannot."""
        self.forked += 1
        folder = os.path.join(self.scratch, f"worker-{self.forked}")
        os.mkdir(folder, 0o700)
        requests, answers = os.pipe(), os.pipe()
        ruleset = sandbox.worker_ruleset(Path(folder))
        theirs = [requests[0], answers[1]] + ([ruleset] if ruleset is not None else [])
        try:
            if ruleset is None:
                raise OSError("no Landlock ruleset for the worker")
            socket.send_fds(self.socket, [folder.encode()], theirs)
            self.socket.settimeout(_import_time_limit())  # the first fork waits for NumPy's import
            pid = int(self.socket.recv(32))
            if pid <= 0:
                raise ValueError("the zygote could not fork")
        except BaseException:
            for fd in (requests[1], answers[0]):
                os.close(fd)
            shutil.rmtree(folder, ignore_errors=True)
            raise
        finally:
            for fd in theirs:
                os.close(fd)
        return folder, _Forked(pid, os.fdopen(requests[1], "wb"), os.fdopen(answers[0], "rb"))

    def stop(self) -> None:
        self.socket.close()
        sandbox.kill_tree(self.process)
        shutil.rmtree(self.scratch, ignore_errors=True)


class _Forked:
    """A worker forked by the zygote and adopted by this process: waited for and killed like a Popen."""

    def __init__(self, pid: int, stdin, stdout):
        self.pid, self.stdin, self.stdout, self.returncode = pid, stdin, stdout, None

    def poll(self) -> Optional[int]:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped already, by end_descendants, which kills with SIGKILL
                pid, status = self.pid, signal.SIGKILL
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: Optional[float] = None) -> int:
        ends = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if ends is not None and time.monotonic() > ends:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.002)
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)


_zygote_process: Optional[_Zygote] = None
_zygote_failed = False


def _zygote() -> Optional[_Zygote]:
    """This process's zygote, started on first use where workers can be forked; None after a failure
    (every worker then starts from scratch, as where there is no zygote)."""
    global _zygote_process, _zygote_failed
    if _zygote_process is None and not _zygote_failed and sandbox.forkable():
        try:
            _zygote_process = _Zygote()
            atexit.register(_end_zygote)
        except OSError:
            _zygote_failed = True
    return _zygote_process


def end_workers() -> None:
    """Kill every process below this one but the zygote: workers and whatever they started."""
    sandbox.end_descendants(keep=[_zygote_process.process.pid] if _zygote_process else ())


def _end_zygote(failed: bool = False) -> None:
    global _zygote_process, _zygote_failed
    if _zygote_process is not None:
        _zygote_process.stop()
        _zygote_process = None
    _zygote_failed = _zygote_failed or failed


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
    """Start the zygote (or a worker) now, so that importing NumPy there overlaps pytest's collection here."""
    global _prestarted
    if _zygote() is None and _prestarted is None:
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
        raise LessonLoadError(f"{shown_path(lesson)} {died} while being imported") from None
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
