"""The trusted side of the boundary: starting the worker, asking it to call the learner's code.

One long-lived worker process (worker/main.py) serves all the calls of one lesson's checks;
on Linux with Landlock it is forked from a zygote that has imported NumPy already (`_Zygote`).
The checks hold a `LearnerModule` where they used to hold the learner's module: calling
a function through it sends the inputs to the worker as data and returns what the
learner's function returned, as data (plain arrays and numbers, whatever the learner
returned).

Nothing the worker says about itself is believed:
- time is this process's clock: a call is charged the wall time from its request to its
  answer, and a call that runs past its check's time is ended by killing the worker (the
  function's later calls fail at once with the same reason; another function gets a fresh worker);
- every read and write on the worker's pipes has a deadline (`_Channel`): a worker that sends
  half a frame, floods its answers or stops reading is stopped within the call's time;
- the arrays of a call's inputs are placed in a file of the worker's folder (`_SharedInputs`),
  which the worker maps and this process reads back after the call: a change made in place is
  seen here, whatever the worker answers;
- the earlier lessons' reference code never goes to the worker: their functions are answered
  from here (`_serve_callback`), so a worker holds the learner's code and nothing that computes an answer;
- the rules only the worker's own process can see (a floating-point warning, a dict item replaced)
  are checked there, and probed from here after every call with code of ours run through the
  same path (`_Probes`): a worker whose own checks were patched fails the lesson.
"""

import atexit
import importlib
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
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from worker import wire

from . import deadline, sandbox
from .course import Lesson, find_lesson
from .loading import (LessonLoadError, Module, forbidden_import, forbidden_message, package, read_lesson, shown_path,
                      stub_functions)
from .quoting import quote_learner, quote_path, quote_type

WORKER_MAIN = Path(wire.__file__).resolve().parent / "main.py"
DIGITS_DIR = Path(__file__).resolve().parent.parent / "digits"
UNTIMED_CALL = 300.0  # seconds a call may take when no check's clock is running


class WorkerDied(Exception):
    """The worker ended in the middle of a call; the message says how."""


class _Flooded(BrokenPipeError):
    """The worker sent more than any answer while the grader was still writing to it."""


class LearnerRaised(Exception):
    """The learner's code raised, warned or exited instead of returning; `details` say which."""

    def __init__(self, details: dict):
        super().__init__(details.get("message", ""))
        self.details = details


class Worker:
    """One worker process, started on first use and again after it died."""

    def __init__(self):
        self.process: Optional[subprocess.Popen] = None
        self.channel: Optional["_Channel"] = None
        self.packages: Dict[str, List[Module]] = {}  # what to load again into a fresh worker
        self.loaded: set = set()
        self.failed: Dict[Tuple[str, str], BaseException] = {}  # (module, function) -> how its call ended
        self.scratch: Optional[str] = None
        self.inputs: Optional["_SharedInputs"] = None
        self.probes = _Probes()
        self.tampered: Optional[BaseException] = None  # once a probe failed: every later call fails so

    def start(self) -> None:
        self.loaded = set()
        zygote = _zygote()
        if zygote is not None:
            try:
                self.scratch, self.process = zygote.fork()
            except (OSError, ValueError):  # the zygote is gone or stuck: fresh interpreters from now on
                _end_zygote(failed=True)
        if self.process is None:
            self.scratch = tempfile.mkdtemp(prefix="checks-worker-")
            self.process = _start_confined(self.scratch, "--output", os.path.join(self.scratch, "printed.txt"),
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.channel = _Channel(self.process.stdin, self.process.stdout)
        self.inputs = _SharedInputs(self.scratch)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def request(self, message: dict, timeout: float, serve=None) -> dict:
        """Send `message`; the answer, or WorkerDied, or deadline.CheckTimedOut after `timeout` s of
        this process's clock. `serve(callback, ends)` answers the worker's callbacks meanwhile."""
        if not self.alive():
            self.start()
        ends = time.monotonic() + max(timeout, 0.001)
        while True:
            try:
                self.channel.send(message, ends)
                kind, answer = self.channel.receive(ends)
            except TimeoutError:
                self.stop()
                raise deadline.CheckTimedOut(deadline.timed_out_message()) from None
            except _Flooded:
                self.stop()
                raise WorkerDied("flooded the grader with output instead of answering") from None
            except BrokenPipeError:
                raise WorkerDied(self._ending()) from None
            except OSError:
                raise WorkerDied(self._ending()) from None
            if kind == "answer" and isinstance(answer, dict) and "callback" in answer and serve is not None:
                try:
                    message = serve(answer["callback"], ends)
                except BaseException:  # out of time in the reference: the worker waits for a reply that never comes
                    self.stop()
                    raise
                continue
            if kind == "answer" and isinstance(answer, dict) and "callback" not in answer:
                return answer
            reason = self._ending() if kind == "ended" else \
                f"sent something that is not an answer ({answer if kind == 'garbled' else quote_learner(answer, 80)})"
            self.stop()
            raise WorkerDied(reason)

    def _ending(self) -> str:
        try:
            code = self.process.wait(timeout=2)  # a worker that closed its pipes is ending: wait briefly
        except subprocess.TimeoutExpired:
            self.stop()
            return "stopped answering"
        self.process = None
        return sandbox.describe_exit(code)

    def stop(self) -> None:
        """End the worker and everything it started; its scratch folder goes too."""
        if self.process is not None:
            sandbox.kill_tree(self.process)
            self.process = None
        if self.channel is not None:
            self.channel.close()
            self.channel = None
        if self.inputs is not None:
            self.inputs.close()
        end_workers()
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def ensure_loaded(self, name: str, functions=()) -> dict:
        """Load the package `name` (already registered) into the worker; its load answer."""
        modules = [self.probes.module] + self.packages[name]
        message = {"op": "load", "package": name, "modules": [list(module) for module in modules],
                   "functions": list(functions)}
        answer = self.request(message, _import_time_limit(),
                              serve=lambda callback, ends: _serve_callback(self, name, callback, ends))
        if "error" in answer:
            raise LessonLoadError(load_failure(answer["error"]))
        self.loaded.add(name)
        return answer


def load_failure(error: dict) -> str:
    """The one line for a lesson file that failed to import, from the worker's facts (quoted)."""
    shown = quote_path(error.get("file"))
    ending = error.get("ending")
    if ending == "syntax":
        return f"{shown} has a syntax error at line {_number(error.get('line'))}: {quote_learner(error.get('message'))}"
    if ending == "exit":
        return f"{shown} called exit() while being imported: remove the exit (or put it under `if __name__ == \"__main__\":`)"
    if ending == "raised":
        return f"{shown} raised {quote_type(error.get('type'))} while being imported: {quote_learner(error.get('message'))}"
    return f"the lesson could not be imported ({quote_learner(error.get('message'))})"


def _number(value) -> str:
    return str(value) if type(value) is int else "?"


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


class _Channel:
    """This process's end of one worker's pipes: every write and every read has a deadline.

    A frame is read whole or not at all before its deadline: a worker that sends a frame's
    length and then waits, or half a frame, is stopped at the deadline like one that never
    answers. While a request is written, whatever the worker sends is read at the same time,
    so a worker that floods its answers instead of reading cannot block the write; it can
    only fill the buffer, which is refused past wire.MAX_FRAME. On POSIX the pipes are
    non-blocking and polled with select in this thread (no hand-off between threads, which
    costs milliseconds a call); elsewhere (Windows pipes cannot be selected) a reader thread
    and a writer thread do the blocking, and this thread waits on them with the deadline.
    """

    CHUNK = 1 << 20

    def __init__(self, requests, answers, threads: Optional[bool] = None):
        self.requests, self.answers = requests, answers
        self.buffer = bytearray()
        self.ended = False
        self.threads = os.name != "posix" if threads is None else threads
        if self.threads:
            self.frames: "queue.Queue" = queue.Queue()
            self.sent: "queue.Queue" = queue.Queue()
            threading.Thread(target=self._read_all, daemon=True).start()
        else:
            self.write_fd, self.read_fd = requests.fileno(), answers.fileno()
            os.set_blocking(self.write_fd, False)
            os.set_blocking(self.read_fd, False)

    def send(self, value, ends: float) -> None:
        """Write one frame of `value` by the monotonic time `ends` (TimeoutError), or BrokenPipeError."""
        body = wire.encode(value)
        data = memoryview(wire.frame_length(len(body)) + body)
        if self.threads:
            return self._send_by_thread(data, ends)
        import select

        while data:
            left = ends - time.monotonic()
            if left <= 0:
                raise TimeoutError
            readable, writable, _ = select.select([] if self.ended else [self.read_fd], [self.write_fd], [], left)
            if readable:
                self._drain()
                if len(self.buffer) > wire.LENGTH_SIZE + wire.MAX_FRAME:  # more than any answer: a flood
                    raise _Flooded()
            if writable:
                try:
                    written = os.write(self.write_fd, data[:self.CHUNK])
                except BlockingIOError:
                    continue
                data = data[written:]

    def receive(self, ends: float):
        """("answer", value), ("ended", None) or ("garbled", why) by the monotonic time `ends`, else TimeoutError."""
        if self.threads:
            try:
                return self.frames.get(timeout=max(0.0, ends - time.monotonic()))
            except queue.Empty:
                raise TimeoutError from None
        import select

        while True:
            found = self._frame()
            if found is not None:
                return found
            if self.ended:
                return ("ended", None) if not self.buffer else ("garbled", "the message was cut short")
            left = ends - time.monotonic()
            if left <= 0:
                raise TimeoutError
            readable, _, _ = select.select([self.read_fd], [], [], left)
            if readable:
                self._drain()

    def _drain(self) -> None:
        try:
            chunk = os.read(self.read_fd, self.CHUNK)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self.ended = True
        self.buffer += chunk

    def _frame(self):
        """The first whole frame in the buffer, taken out of it; None while it is incomplete."""
        if len(self.buffer) < wire.LENGTH_SIZE:
            return None
        size = wire.frame_size(self.buffer)
        if size > wire.MAX_FRAME:
            return "garbled", f"a message of {size} bytes is larger than the {wire.MAX_FRAME // 1024 ** 2} MiB allowed"
        if len(self.buffer) < wire.LENGTH_SIZE + size:
            return None
        body = bytes(self.buffer[wire.LENGTH_SIZE:wire.LENGTH_SIZE + size])
        del self.buffer[:wire.LENGTH_SIZE + size]
        try:
            return "answer", wire.decode(body)
        except wire.WireError as error:
            return "garbled", str(error)

    def _read_all(self) -> None:
        """The reader thread (no select): each frame into the queue, until the stream ends or is garbled."""
        while True:
            try:
                item = "answer", wire.receive(self.answers)
            except EOFError:
                item = "ended", None
            except (wire.WireError, OSError, ValueError) as error:
                item = "garbled", str(error)
            self.frames.put(item)
            if item[0] != "answer":
                return

    def _send_by_thread(self, data, ends: float) -> None:
        done: "queue.Queue" = queue.Queue()

        def write():
            try:
                self.requests.write(data)
                self.requests.flush()
                done.put(None)
            except BaseException as error:  # handed to the waiting thread
                done.put(error)

        threading.Thread(target=write, daemon=True).start()
        try:
            error = done.get(timeout=max(0.0, ends - time.monotonic()))
        except queue.Empty:
            raise TimeoutError from None
        if error is not None:
            raise BrokenPipeError(str(error))

    def close(self) -> None:
        for stream in (self.requests, self.answers):
            try:
                stream.close()
            except OSError:
                pass


class _SharedInputs:
    """The arrays of a call's inputs, placed in a file of the worker's folder that this process reads back.

    The worker maps the file and calls the learner's function with views of it (worker/main.py),
    so an array changed in place is changed in the file. After the call this process reads the
    file itself and compares each array's bytes with what it wrote. It holds the file open from
    the moment it made it and never opens it by name again: the worker owns the folder, and a
    link put in the file's place must not make the grader write elsewhere. Nor does it map the
    file: a worker that shrank it must not crash the grader. A new file is made when the inputs
    outgrow the last one (a mapped file cannot grow on Windows).
    """

    ALIGN = 64

    def __init__(self, folder: str):
        self.folder, self.count, self.file, self.name, self.size = folder, 0, None, None, 0

    def place(self, args: list, kwargs: dict):
        """(args, kwargs with each array a wire.Shared, the file's [name, size], the placed arrays)."""
        placed: List[Tuple[str, int, bytes]] = []
        blobs: List[bytes] = []
        offset = [0]

        def share(value, where):
            if type(value) is np.ndarray and value.dtype.kind in "biufc":
                data = np.ascontiguousarray(value).tobytes()
                start = offset[0]
                placed.append((where, start, data))
                blobs.append(data + bytes(-len(data) % self.ALIGN))
                offset[0] += len(blobs[-1])
                return wire.Shared(start, value.dtype, value.shape)
            if type(value) is dict:
                return {key: share(item, where) for key, item in value.items()}
            if type(value) in (list, tuple):
                return type(value)(share(item, where) for item in value)
            return value

        args = [share(value, str(index)) for index, value in enumerate(args)]
        kwargs = {key: share(value, key) for key, value in kwargs.items()}
        if not placed:
            return args, kwargs, None, placed
        if offset[0] > self.size or self.file is None:
            self._new_file(max(offset[0], 1 << 16, 2 * self.size))
        self.file.seek(0)
        self.file.write(b"".join(blobs))
        self.file.flush()
        return args, kwargs, [self.name, self.size], placed

    def _new_file(self, size: int) -> None:
        self.close()
        self.count += 1  # a name the worker cannot guess, so it cannot have put anything in its place
        self.name, self.size = f"inputs-{self.count}-{os.urandom(6).hex()}.bin", size
        path = os.path.join(self.folder, self.name)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) |
                     getattr(os, "O_BINARY", 0), 0o600)
        self.file = os.fdopen(fd, "r+b", buffering=0)
        self.file.truncate(size)
        sandbox.give_to_worker(Path(path))

    def changed(self, placed) -> List[str]:
        """The inputs (argument index or keyword) whose arrays are not what was placed."""
        if not placed:
            return []
        try:
            self.file.seek(0)
            data = self.file.read(self.size) or b""
        except OSError:
            data = b""
        return list(dict.fromkeys(where for where, start, blob in placed if data[start:start + len(blob)] != blob))

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


class _Probes:
    """Code of ours, run by the worker through the same path as the learner's calls after each of them.

    A floating-point warning and a container whose items were replaced can only be seen inside
    the worker's process, where the learner's code can patch the code that looks for them. So
    after every call of the learner's that passed those rules, the worker is asked to run one of
    two functions of ours that break them (an overflow; a dict item replaced), under names drawn
    afresh for each grading so that the learner's code cannot tell them from its own: when the
    worker does not report the break, its own checks were tampered with, and the lesson fails.
    """

    def __init__(self):
        token = os.urandom(6).hex()
        self.module_name = f"lesson_{token}"
        self.overflow, self.replace = f"f{os.urandom(5).hex()}", f"f{os.urandom(5).hex()}"
        source = (f"import numpy\n\ndef {self.overflow}(z):\n    return numpy.exp(z)\n\n"
                  f"def {self.replace}(d):\n    d['w'] = d['w'] * 1.0\n    return 0.0\n")
        self.module = Module(self.module_name, f"{self.module_name}.py", source, False)
        self.turn = 0

    def next(self) -> list:
        """The probe to run after the next call: [module, function, args], the two kinds in turn."""
        self.turn += 1
        if self.turn % 2:
            return [self.module_name, self.overflow, [np.float64(1000.0 + self.turn % 97)]]
        return [self.module_name, self.replace, [{"w": np.ones(2)}]]

    def judge(self, learner: "LearnerModule", probe: list, answer: Any) -> None:
        """Raise (and keep) a CheckFailure when the worker did not catch what the probe broke."""
        from .failure import CheckFailure

        overflowing = probe[1] == self.overflow
        answer = answer if isinstance(answer, dict) else {}
        caught = answer.get("kind") == "floating" if overflowing else bool(answer.get("replaced"))
        if not caught:
            learner.worker.tampered = CheckFailure(
                f"{shown_path(learner.lesson)} changed the grader's worker: after one of your calls it no longer "
                f"{'reports a floating-point overflow' if overflowing else 'sees a dict item replaced'}. Code that "
                "patches the worker, NumPy's error handling or the warnings machinery fails the lesson")
            raise learner.worker.tampered


class Changed(list):
    """The inputs a call changed (argument positions or keywords), as `invoke` returns them.

    `replaced` holds those of them whose arrays are untouched but whose dict or list items were
    replaced by other objects (`params["W1"] = ...` on the caller's dict): a different mistake
    from writing into the caller's arrays, with a different explanation.
    """

    replaced: frozenset = frozenset()


class LearnerModule:
    """The learner's module `module` in the worker's package `package`: what the checks call into."""

    def __init__(self, worker: Worker, package_name: str, module: str, lesson: Lesson, charged: bool = True):
        self.worker, self.package, self.module, self.lesson = worker, package_name, module, lesson
        self.__name__ = f"{package_name}.{module}"  # what a Call and a replay script name
        # False where the calls compute the check's expected values (a release's earlier lessons, the
        # learner's own): they still end at the check's deadline, but do not use up its time
        self.charged = charged

    def invoke(self, function: str, args: list, kwargs: dict, spy: Optional[str] = None):
        """(value, the inputs changed in place, what this process answered for `spy` during the call).

        The inputs changed are given by position (an int) or keyword (a str). The time charged to
        the check is this process's clock from request to answer, callbacks included.
        """
        key = (self.module, function)
        if self.worker.tampered is not None:
            raise self.worker.tampered
        if key in self.worker.failed:
            raise self.worker.failed[key]
        spied: Optional[List[Any]] = [] if spy else None
        probe = self.worker.probes.next()
        answer, changed = self._call(self.module, function, args, kwargs, key, spy, spied, probe=probe)
        if "error" in answer:
            raise LearnerRaised(answer["error"])
        if not changed:
            self.worker.probes.judge(self, probe, answer.get("probe"))
        return answer.get("value"), changed, spied

    def _call(self, module: str, function: str, args: list, kwargs: dict, key=None, spy=None, spied=None,
              probe=None, repeat=1):
        """(the worker's answer, the inputs changed) of one call (`repeat` calls, timed whole),
        charged to the check's clock; with `probe`, the worker runs it after the call."""
        if not self.worker.alive() or self.package not in self.worker.loaded:
            self.worker.ensure_loaded(self.package)
        shared_args, shared_kwargs, file, placed = self.worker.inputs.place(list(args), dict(kwargs))
        message = {"op": "call", "package": self.package, "module": module, "function": function,
                   "args": shared_args, "kwargs": shared_kwargs, "inputs": file, "repeat": repeat, "probe": probe}
        started = time.monotonic()
        try:
            answer = self.worker.request(message, _time_left(), serve=lambda callback, ends: _serve_callback(
                self.worker, self.package, callback, ends, spy, spied))
        except (deadline.CheckTimedOut, WorkerDied) as ended:
            if key is not None:  # the same object raised again for the function's later calls: hypothesis
                self.worker.failed[key] = ended  # sees one failure with one origin, never a flaky one
            raise
        finally:
            if self.charged:
                deadline.charge(time.monotonic() - started)
        written = [int(where) if where.isdigit() else where for where in self.worker.inputs.changed(placed)]
        replaced = []
        for path in answer.get("replaced") or []:  # the worker's word can only fail a call, never pass one
            top = str(path).partition("[")[0]
            where = int(top) if top.isdigit() else top
            if where in written or (type(where) is int and where < len(args)) or where in kwargs:
                replaced.append(where)
        changed = Changed(dict.fromkeys(written + replaced))
        changed.replaced = frozenset(replaced) - set(written)
        return answer, changed

    def time_calls(self, calls: list, per_request: float = 0.05) -> List[float]:
        """The seconds a call of each [module, function, args, kwargs] in `calls` takes, by this process's clock.

        A request of k calls in a row takes (its own cost) + k * (a call), and its own cost (a round
        trip, many milliseconds on a busy machine) would swamp a fast function's. So requests of 1
        and of 1 + k calls are timed three times each, k sized so that k calls take about
        `per_request` seconds, and a call is the difference of their medians, divided by k.
        """
        medians = []
        for module, function, args, kwargs in calls:
            def timed(repeat: int) -> float:
                started = time.perf_counter()
                answer, _ = self._call(module, function, args, kwargs, repeat=repeat)
                if "error" in answer:
                    raise LearnerRaised(answer["error"])
                return time.perf_counter() - started

            single = timed(1)  # also sizes k: an upper bound on one call
            extra = int(min(1000, max(4, per_request / max(single, 1e-6))))
            ones = sorted(timed(1) for _ in range(3))
            manys = sorted(timed(1 + extra) for _ in range(3))
            medians.append(max(manys[1] - ones[1], 0.0) / extra)
        return medians

    def chain(self, module: str) -> "LearnerModule":
        """The learner's `module` in a package of the learner's own lessons up to that one."""
        lesson = find_lesson(module)
        name = f"chain{lesson.number:02d}"
        if name not in self.worker.packages:
            self.worker.packages[name] = package(lesson, own_chain=True)
        return LearnerModule(self.worker, name, module, lesson)


def _serve_callback(worker: Worker, package_name: str, callback: Any, ends: float, spy=None, spied=None) -> dict:
    """The answer to a call, by the worker's package `package_name`, of an earlier lesson's function:
    the reference's, run here (in the middle of a call, or while the lesson is imported).

    Only the functions the package's reference modules offer are answered; inputs the wire
    could not carry (a function, an object) are refused with a TypeError for the learner's code.
    The reference runs under the worker's rules (a floating-point warning is an error) and
    within the call's deadline.
    """
    if not isinstance(callback, dict):
        return {"error": {"type": "TypeError", "message": "a malformed call of an earlier lesson"}}
    module, function = callback.get("module"), callback.get("function")
    offered = {entry.name: entry.names for entry in worker.packages.get(package_name, ()) if entry.source is None}
    if module not in offered or function not in offered[module]:
        return {"error": {"type": "TypeError",
                          "message": f"no earlier lesson offers {quote_learner(f'{module}.{function}', 80)}"}}
    args, kwargs = callback.get("args"), callback.get("kwargs")
    if type(args) is not list or type(kwargs) is not dict or _holds_opaque((args, kwargs)):
        return {"error": {"type": "TypeError", "message": (
            f"{function}() of lessons/{module}.py was given something the grader cannot pass between processes "
            "(a function or an object): pass arrays, numbers, lists and dicts")}}
    reference = importlib.import_module(f"solutions.{module}")
    try:
        with deadline.interrupting(ends - time.monotonic()), np.errstate(over="raise", divide="raise",
                                                                           invalid="raise"):
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)
                value = getattr(reference, function)(*args, **kwargs)
    except (Exception, Warning) as error:
        return {"error": {"type": type(error).__name__, "message": str(error)[:500]}}
    if spied is not None and function == spy:
        spied.append(value)
    return {"value": value}


def _holds_opaque(value) -> bool:
    if isinstance(value, wire.Opaque):
        return True
    if isinstance(value, dict):
        return any(_holds_opaque(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds_opaque(item) for item in value)
    return False


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
