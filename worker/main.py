"""The worker: the one process that imports a learner's lessons. It imports nothing of the grader.

The grader (checks/remote.py) starts it as

    python -I -S worker/main.py --path DIR ... [--digits DIR] --output FILE

(or forks it from a zygote started with --zygote instead of --output, see `_fork_workers`)
and sends it requests (worker/wire.py frames on stdin, answers on stdout):

    {"op": "load", "package": P, "modules": [[module, shown_path, source, is_learners], ...],
     "functions": [names]}          -> {"loaded": {name: callable?}, "forbidden": [...]}
    {"op": "call", "package": P, "module": M, "function": F, "args": [...], "kwargs": {...},
     "spy": name or None}           -> {"value": v, "changed": [i, ...], "spied": [...], "seconds": s}
    {"op": "time", "package": P, "calls": [[M, F, args, kwargs], ...], "repeat": k}
                                    -> {"seconds": [s, ...], "spent": s}

or {"error": {"kind": ..., "type": ..., "message": ..., "where": ...}, "seconds": s} when the
learner's code raised, warned or exited. "seconds" is the time spent in the learner's function:
the grader charges it to the check's time budget. A package is a set of lesson modules loaded from the
sources sent (the learner's lesson and the reference lessons before it, or the
learner's own lessons only); the worker reads no course file itself. Everything it
answers is data: the grader decides every verdict, on values it checks itself.
"""

import argparse
import copy
import importlib.abc
import linecache
import os
import sys
import time
import traceback
import types
import warnings

# The course is written with NumPy alone: these are refused, with a message that says so.
MACHINE_LEARNING = ("torch", "tensorflow", "jax", "jaxlib", "keras", "sklearn", "scipy", "autograd", "theano",
                    "mxnet", "chainer", "flax", "optax", "paddle", "cupy", "tinygrad", "micrograd")
COURSE = ("checks", "solutions", "lessons", "worker")  # the grader, the reference, the course's own lessons


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", action="append", default=[])
    parser.add_argument("--digits")
    parser.add_argument("--output", help="where what the learner's code prints goes")
    parser.add_argument("--zygote", action="store_true", help="fork a worker for each request on stdin")
    options = parser.parse_args()
    if not options.zygote:
        requests, answers = _private_streams(options.output)
    sys.path[:0] = [os.path.dirname(os.path.abspath(__file__))] + options.path
    sys.meta_path.insert(0, RefusedImports())
    import numpy  # noqa: F401  (here, after the path is set: the first request should not pay for it)

    import wire

    if options.digits:
        _load_support_package("digits", options.digits)
    if options.zygote:
        requests, answers = _fork_workers()  # returns in each forked worker only
    worker = Worker(wire)
    while True:
        try:
            request = wire.receive(requests)
        except EOFError:
            return
        wire.send(answers, worker.answer(request))


def _fork_workers():
    """The zygote: a fresh worker for each request, forked from this process that has imported NumPy.

    A request on stdin (a Unix socket) is the worker's folder with three file descriptors: its
    requests pipe, its answers pipe and the Landlock ruleset the grader made for that folder.
    The worker is forked twice over, so the grader (a child subreaper) adopts it and can wait
    for it like any child of its own; the zygote answers with its pid. Learner code never runs
    here: only in the worker, in a session and a Landlock layer of its own (its folder only, no
    signal or ptrace out of it, so none into the zygote).
    """
    import ctypes
    import socket

    control = socket.socket(fileno=0)
    while True:
        try:
            folder, fds, _, _ = socket.recv_fds(control, 4096, 3)
        except OSError:
            os._exit(0)
        if not folder or len(fds) != 3:
            os._exit(0)  # the grader is gone
        pid_read, pid_write = os.pipe()
        middle = os.fork()
        if middle == 0:
            pid = os.fork()
            if pid == 0:
                control.close()
                os.close(pid_read)
                os.close(pid_write)
                return _become_worker(folder.decode(), *fds, ctypes.CDLL(None, use_errno=True))
            os.write(pid_write, str(pid).encode())
            os._exit(0)
        os.close(pid_write)
        for fd in fds:
            os.close(fd)
        pid = os.read(pid_read, 32)
        os.close(pid_read)
        os.waitpid(middle, 0)  # once it is gone, the worker is the grader's child
        control.sendall(pid or b"0")


def _become_worker(folder: str, requests: int, answers: int, ruleset: int, libc):
    """In the forked worker: confined further, with the pipes as its stdin and stdout."""
    os.setsid()
    if libc.syscall(446, ruleset, 0) != 0:  # landlock_restrict_self: never run learner code without it
        os._exit(70)
    os.dup2(requests, 0)
    os.dup2(answers, 1)
    os.closerange(3, 1 << 16)  # nothing of the zygote's: not its socket, not the ruleset
    os.chdir(folder)
    os.environ.update(HOME=folder, TMPDIR=folder, MPLCONFIGDIR=folder)
    return _private_streams(os.path.join(folder, "printed.txt"))


def _private_streams(output: str):
    """The protocol's own copies of stdin and stdout; what the learner's code prints goes to `output`."""
    requests = os.fdopen(os.dup(0), "rb", buffering=0)
    answers = os.fdopen(os.dup(1), "wb")
    printed = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(printed, 1)
    os.dup2(printed, 2)
    os.close(printed)
    nothing = os.open(os.devnull, os.O_RDONLY)
    os.dup2(nothing, 0)
    os.close(nothing)
    return requests, answers


class RefusedImports(importlib.abc.MetaPathFinder):
    """Refuses machine-learning libraries and the course's grader, reference and lesson packages."""

    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in MACHINE_LEARNING:
            raise ImportError(f"import {top} is not allowed: the course is written with NumPy alone",
                              name=name)
        if top in COURSE:
            raise ImportError(f"import {top} is not allowed while grading: your lessons import the earlier "
                              "lessons relatively (from .lesson01_sigmoid import sigmoid)", name=name)
        return None


def _load_support_package(name: str, folder: str) -> None:
    """Import the support package `name` from `folder` without putting its parent on the path."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, os.path.join(folder, "__init__.py"),
                                                  submodule_search_locations=[folder])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


class Worker:
    def __init__(self, wire):
        self.wire = wire
        self.packages = {}  # package name -> {module name: module}
        self.learner_files = set()  # the shown paths of the learner's modules, for `where`

    def answer(self, request: dict) -> dict:
        op = request.get("op")
        try:
            if op == "load":
                return self.load(request["package"], request["modules"], request.get("functions", []))
            if op == "call":
                return self.call(request)
            if op == "time":
                return self.time(request)
            return {"error": {"kind": "protocol", "message": f"unknown request {op!r}"}}
        except LearnerError as error:
            return {"error": error.details, "seconds": getattr(error, "seconds", 0.0)}
        except Exception as error:  # a request this worker cannot serve: the grader's problem, said plainly
            return {"error": {"kind": "protocol", "message": f"{type(error).__name__}: {error}"}}

    def load(self, package: str, modules: list, functions: list) -> dict:
        if package not in self.packages:
            self.packages[package] = load_package(package, modules)
            self.learner_files.update(shown for _, shown, _, is_learners in modules if is_learners)
        last = self.packages[package][modules[-1][0]]
        forbidden = sorted(name for name in sys.modules if name.partition(".")[0] in MACHINE_LEARNING)
        return {"loaded": {name: callable(getattr(last, name, None)) for name in functions}, "forbidden": forbidden}

    # --- calling --------------------------------------------------------------------------
    def call(self, request: dict) -> dict:
        modules = self.packages[request["package"]]
        function = getattr(modules[request["module"]], request["function"])
        args, kwargs = [_passed_function(arg) for arg in request["args"]], request["kwargs"]
        before = copy.deepcopy(args)
        spied, restore = self._spy(modules, request.get("spy"))
        started = time.perf_counter()
        try:
            value = self._run(function, args, kwargs)
        except LearnerError as error:
            error.seconds = time.perf_counter() - started
            raise
        finally:
            restore()
        seconds = time.perf_counter() - started
        changed = [index for index, (old, new) in enumerate(zip(before, args)) if not _same(old, new)]
        return {"value": value, "changed": changed, "spied": spied, "seconds": seconds}

    def time(self, request: dict) -> dict:
        modules = self.packages[request["package"]]
        seconds = []
        started = time.perf_counter()
        for module, function, args, kwargs in request["calls"]:
            fn = getattr(modules[module], function)
            runs = []
            for _ in range(request.get("repeat", 3)):
                fresh = copy.deepcopy(args)
                started = time.perf_counter()
                self._run(fn, fresh, kwargs)
                runs.append(time.perf_counter() - started)
            seconds.append(sorted(runs)[len(runs) // 2])
        return {"seconds": seconds, "spent": time.perf_counter() - started}

    def _run(self, function, args, kwargs):
        import numpy as np

        try:
            with np.errstate(over="raise", divide="raise", invalid="raise"), warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)
                return function(*args, **kwargs)
        except FloatingPointError as error:
            raise LearnerError("floating", str(error), error, self.learner_files) from None
        except RuntimeWarning as error:
            raise LearnerError("warning", str(error), error, self.learner_files) from None
        except SystemExit as error:
            raise LearnerError("exit", str(error), error, self.learner_files) from None
        except KeyboardInterrupt as error:
            raise LearnerError("keyboard", str(error), error, self.learner_files) from None
        except OSError as error:
            kind = "output" if error.errno == 27 else "exception"  # EFBIG: the cap on what may be printed
            raise LearnerError(kind, str(error), error, self.learner_files) from None
        except BaseException as error:
            raise LearnerError("exception", str(error), error, self.learner_files) from None

    def _spy(self, modules: dict, name):
        """Record what `name` returns during a call, wherever the package's modules refer to it."""
        if not name:
            return None, lambda: None
        records = []
        originals = {module: getattr(module, name) for module in modules.values() if callable(getattr(module, name, None))}
        defining = [fn for module, fn in originals.items() if getattr(fn, "__module__", None) == module.__name__]
        if not defining:
            return records, lambda: None
        original = defining[0]

        def recording(*args, **kwargs):
            result = original(*args, **kwargs)
            records.append(copy.deepcopy(result))
            return result

        patched = [module for module, fn in originals.items() if fn is original]
        for module in patched:
            setattr(module, name, recording)

        def restore():
            for module in patched:
                setattr(module, name, original)

        return records, restore


def _passed_function(value):
    """An argument the grader passes as a function ({"$function": "lambda x: ...", "shape": [...]}:
    lesson 4's f), made callable; any other argument as it is. It takes an array of `shape`
    and returns a float; called with anything else, it raises a ValueError that says what it takes."""
    if not (type(value) is dict and set(value) == {"$function", "shape"}):
        return value
    import numpy as np

    function = eval(value["$function"], {"np": np, "__builtins__": {}})  # the grader's source, not the learner's
    shape = tuple(value["shape"])

    def f(x):
        if np.shape(x) != shape:
            raise ValueError(f"f takes a float64 array of x's shape {shape}, not one of shape {np.shape(x)}: "
                             "call it with a changed copy of x")
        return float(function(np.asarray(x, dtype=np.float64)))
    return f


def load_package(package: str, modules: list) -> dict:
    """Import `modules` ([name, shown path, source, is the learner's] in lesson order) as the
    package `_<package>`; return {name: module}. Raises LearnerError (one line) on a failure."""
    root = types.ModuleType(f"_{package}")
    root.__path__ = []  # a namespace of our own: its modules are placed in sys.modules by hand
    sys.modules[root.__name__] = root
    return {name: _load_module(f"_{package}.{name}", shown, source) for name, shown, source, _ in modules}


def _load_module(name: str, shown: str, source: str):
    module = types.ModuleType(name)
    module.__file__ = shown
    module.__package__ = name.rpartition(".")[0]
    linecache.cache[shown] = (len(source), None, source.splitlines(keepends=True), shown)  # lines in tracebacks
    sys.modules[name] = module
    try:
        exec(compile(source, shown, "exec", dont_inherit=True), module.__dict__)
    except SyntaxError as error:
        del sys.modules[name]
        raise LearnerError("load", f"{shown} has a syntax error at line {error.lineno}: {error.msg}") from None
    except SystemExit:
        del sys.modules[name]
        raise LearnerError("load", f"{shown} called exit() while being imported: remove the exit (or put it "
                                   "under `if __name__ == \"__main__\":`)") from None
    except BaseException as error:  # the learner's error, reported as data
        del sys.modules[name]
        raise LearnerError("load", f"{shown} raised {type(error).__name__} while being imported: {error}") from None
    return module


class LearnerError(Exception):
    """What the learner's code did instead of returning, as data for the grader."""

    def __init__(self, kind: str, message: str, error: BaseException = None, learner_files=()):
        super().__init__(message)
        self.details = {"kind": kind, "message": message,
                        "type": type(error).__name__ if error is not None else None,
                        "where": _where(error, learner_files) if error is not None else None}


def _where(error: BaseException, learner_files) -> str:
    """'at lessons/lesson04_backward.py line 31: dW1 = ...' for the learner's deepest frame."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename in learner_files]
    if not frames:
        return "(raised outside your lesson files)"
    frame = frames[-1]
    return f"at {frame.filename} line {frame.lineno}: {frame.line}"


def _same(a, b) -> bool:
    import numpy as np

    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True))
    return type(a) is type(b) and a == b


if __name__ == "__main__":
    main()
