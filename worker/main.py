"""The worker: the one process that imports a learner's lessons. It imports nothing of the grader.

The grader (checks/remote.py) starts it as

    python -I -S worker/main.py --path DIR ... [--digits DIR] --output FILE

(or forks it from a zygote started with --zygote instead of --output, see `_fork_workers`)
and sends it requests (worker/wire.py frames on stdin, answers on stdout):

    {"op": "load", "package": P, "modules": [[module, shown_path, source, is_learners, names], ...],
     "functions": [names]}          -> {"loaded": {name: callable?}, "forbidden": [...]}
    {"op": "call", "package": P, "module": M, "function": F, "args": [...], "kwargs": {...},
     "inputs": [file, size] or None, "repeat": k, "probe": [module, function, args] or None}
                                    -> {"value": v, "replaced": [where, ...], "probe": {...}}

A module sent without source (None) is one the grader answers: each of its `names` is a
function that sends {"callback": {"module", "function", "args", "kwargs"}} in the middle of
the call and waits for {"value": v} or {"error": {"type", "message"}}. That is how a lesson
uses the earlier lessons' reference code: it never reaches this process. The arrays of a
call's inputs are views of the grader's file `inputs` (in this worker's folder), which the
grader reads back itself after the call, so it sees every change made to them in place;
"replaced" lists only the containers (dicts, lists) whose items were replaced, which only
this process can see.

When the learner's code raised, warned or exited, the answer is {"error": {...}}: the kind
of ending, and the learner's own text (message, type name, code line) as separate fields
that the grader words and quotes itself. Nothing here is believed: the grader times every
call with its own clock and judges every value itself.
"""

import argparse
import importlib.abc
import linecache
import os
import sys
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
    worker = Worker(wire, requests, answers)
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
    if _capabilities() == 0:  # System V IPC of its own (a user namespace needs no privilege; seccomp refuses IPC anyway)
        libc.unshare(0x10000000 | 0x08000000)  # CLONE_NEWUSER | CLONE_NEWIPC; where refused, seccomp's refusal stands
    if libc.syscall(446, ruleset, 0) != 0:  # landlock_restrict_self: never run learner code without it
        os._exit(70)
    os.dup2(requests, 0)
    os.dup2(answers, 1)
    os.closerange(3, 1 << 16)  # nothing of the zygote's: not its socket, not the ruleset
    os.chdir(folder)
    os.environ.update(HOME=folder, TMPDIR=folder, MPLCONFIGDIR=folder)
    return _private_streams(os.path.join(folder, "printed.txt"))


def _capabilities() -> int:
    """This process's effective capabilities (a bit mask), from /proc; -1 when they cannot be read.

    A worker that keeps one (root's worker user, which may read a Python only root can read)
    must not enter a user namespace, where it would lose it."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("CapEff:"):
                    return int(line.split()[1], 16)
    except (OSError, ValueError):
        pass
    return -1


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
    def __init__(self, wire, requests, answers):
        self.wire, self.requests, self.answers = wire, requests, answers
        self.packages = {}  # package name -> {module name: module}
        self.learner_files = set()  # the shown paths of the learner's modules, for `where`
        self.inputs = {}  # the grader's input file: (name, size) -> its memory map

    def answer(self, request: dict) -> dict:
        op = request.get("op")
        try:
            if op == "load":
                return self.load(request["package"], request["modules"], request.get("functions", []))
            if op == "call":
                return self.call(request)
            return {"error": {"kind": "protocol", "message": f"unknown request {op!r}"}}
        except LearnerError as error:
            return {"error": error.details}
        except Exception as error:  # a request this worker cannot serve: the grader's problem, said plainly
            return {"error": {"kind": "protocol", "message": f"{type(error).__name__}: {error}"}}

    def load(self, package: str, modules: list, functions: list) -> dict:
        if package not in self.packages:
            self.packages[package] = load_package(package, modules, self.ask)
            self.learner_files.update(shown for _, shown, _, is_learners, *_ in modules if is_learners)
        last = self.packages[package][modules[-1][0]]
        forbidden = sorted(name for name in sys.modules if name.partition(".")[0] in MACHINE_LEARNING)
        return {"loaded": {name: callable(getattr(last, name, None)) for name in functions}, "forbidden": forbidden}

    def ask(self, module: str, function: str, args: tuple, kwargs: dict):
        """Call `function` of the earlier lesson `module`, answered by the grader (the reference)."""
        self.wire.send(self.answers, {"callback": {"module": module, "function": function, "args": list(args),
                                                   "kwargs": dict(kwargs)}})
        reply = self.wire.receive(self.requests)
        if "error" in reply:
            raised = _RAISABLE.get(reply["error"].get("type"), RuntimeError)
            raise raised(reply["error"].get("message", ""))
        return reply.get("value")

    # --- calling --------------------------------------------------------------------------
    def call(self, request: dict) -> dict:
        modules = self.packages[request["package"]]
        function = getattr(modules[request["module"]], request["function"])
        args, kwargs = self._shared(request["args"], request.get("inputs")), request["kwargs"]
        kwargs = self._shared(kwargs, request.get("inputs"))
        before = _layout((args, kwargs))
        for _ in range(max(1, int(request.get("repeat") or 1))):  # repeat: timed by the grader, whole
            value = self._run(function, args, kwargs)
        answer = {"value": value, "replaced": _replaced(before, (args, kwargs))}
        if request.get("probe"):
            answer["probe"] = self.probe(modules, *request["probe"])
        return answer

    def probe(self, modules: dict, module: str, function: str, args: list) -> dict:
        """Run the grader's probe `function` as if it were the learner's: how its call ended."""
        before = _layout((args, {}))
        try:
            self._run(getattr(modules[module], function), args, {})
        except LearnerError as error:
            return {"kind": error.details["kind"]}
        return {"kind": None, "replaced": _replaced(before, (args, {}))}

    def _shared(self, value, inputs):
        """`value` with each wire.Shared replaced by a writable view of the grader's input file."""
        import numpy as np

        if isinstance(value, self.wire.Shared):
            memory = self._map(*inputs)
            return np.frombuffer(memory, dtype=value.dtype, count=int(np.prod(value.shape)),
                                 offset=value.offset).reshape(value.shape)
        if type(value) is dict:
            return {key: self._shared(item, inputs) for key, item in value.items()}
        if type(value) in (list, tuple):
            return type(value)(self._shared(item, inputs) for item in value)
        return value

    def _map(self, name: str, size: int):
        import mmap

        key = (name, size)
        if key not in self.inputs:
            with open(name, "r+b") as file:
                self.inputs[key] = mmap.mmap(file.fileno(), size)
        return self.inputs[key]

    def _run(self, function, args, kwargs):
        import numpy as np

        try:
            with np.errstate(over="raise", divide="raise", invalid="raise"), warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)
                return function(*args, **kwargs)
        except FloatingPointError as error:
            raise LearnerError("floating", error, self.learner_files) from None
        except RuntimeWarning as error:
            raise LearnerError("warning", error, self.learner_files) from None
        except SystemExit as error:
            raise LearnerError("exit", error, self.learner_files) from None
        except KeyboardInterrupt as error:
            raise LearnerError("keyboard", error, self.learner_files) from None
        except OSError as error:
            kind = "output" if error.errno == 27 else "exception"  # EFBIG: the cap on what may be printed
            raise LearnerError(kind, error, self.learner_files) from None
        except BaseException as error:
            raise LearnerError("exception", error, self.learner_files) from None


# what a callback's error is raised as in the learner's code (anything else: RuntimeError)
_RAISABLE = {error.__name__: error for error in (ValueError, TypeError, IndexError, KeyError, ZeroDivisionError,
                                                  FloatingPointError, ArithmeticError, RuntimeWarning)}


def _layout(value):
    """The containers of `value` and what each holds, by identity: (path, type, keys, ids) for each."""
    found = []

    def walk(item, path):
        if type(item) is dict:
            found.append((path, item, tuple(item), tuple(id(v) for v in item.values())))
            for key, child in item.items():
                walk(child, f"{path}[{key!r}]")
        elif type(item) in (list, tuple):
            found.append((path, item, len(item), tuple(id(v) for v in item)))
            for index, child in enumerate(item):
                walk(child, f"{path}[{index}]")

    args, kwargs = value
    for index, item in enumerate(args):
        walk(item, str(index))
    for key, item in kwargs.items():
        walk(item, key)
    return found


def _replaced(before, value) -> list:
    """The paths of the containers in `before` whose items were added, removed or replaced since."""
    changed = []
    for path, container, keys, ids in before:
        now_keys = tuple(container) if type(container) is dict else len(container)
        now_ids = tuple(id(v) for v in (container.values() if type(container) is dict else container))
        if now_keys != keys or now_ids != ids:
            changed.append(path)
    return changed


def load_package(package: str, modules: list, ask=None) -> dict:
    """Import `modules` ([name, shown path, source, is the learner's, names] in lesson order) as the
    package `_<package>`; return {name: module}. A module whose source is None is made of functions
    that `ask` the grader. Raises LearnerError (one line) on a failure."""
    root = types.ModuleType(f"_{package}")
    root.__path__ = []  # a namespace of our own: its modules are placed in sys.modules by hand
    sys.modules[root.__name__] = root
    loaded = {}
    for name, shown, source, _, *names in modules:
        if source is None:
            loaded[name] = _answered_by_grader(f"_{package}.{name}", name, names[0] if names else (), ask)
        else:
            loaded[name] = _load_module(f"_{package}.{name}", shown, source)
        setattr(root, name, loaded[name])
    return loaded


def _answered_by_grader(full_name: str, name: str, functions, ask):
    """A module whose `functions` each ask the grader to run the reference's function of that name."""
    module = types.ModuleType(full_name)
    module.__package__ = full_name.rpartition(".")[0]
    for function in functions:
        def asking(*args, _function=function, **kwargs):
            return ask(name, _function, args, kwargs)

        asking.__name__ = asking.__qualname__ = function
        asking.__module__ = full_name
        setattr(module, function, asking)
    sys.modules[full_name] = module
    return module


def _load_module(name: str, shown: str, source: str):
    module = types.ModuleType(name)
    module.__file__ = shown
    module.__package__ = name.rpartition(".")[0]
    linecache.cache[shown] = (len(source), None, source.splitlines(keepends=True), shown)  # lines in tracebacks
    sys.modules[name] = module
    try:
        exec(compile(source, shown, "exec", dont_inherit=True), module.__dict__)
    except SyntaxError as error:  # the compiler's, or one the learner raised: quoted either way
        del sys.modules[name]
        raise LearnerError("load", error, file=shown, line=error.lineno, ending="syntax") from None
    except SystemExit as error:
        del sys.modules[name]
        raise LearnerError("load", error, file=shown, ending="exit") from None
    except BaseException as error:  # the learner's error, reported as data
        del sys.modules[name]
        raise LearnerError("load", error, file=shown, ending="raised") from None
    return module


class LearnerError(Exception):
    """What the learner's code did instead of returning, as data for the grader: the kind of
    ending (ours), and the learner's own text (message, type name, code line) in separate fields."""

    def __init__(self, kind: str, error: BaseException, learner_files=(), **facts):
        super().__init__(kind)
        message = error.msg if isinstance(error, SyntaxError) and error.msg else str(error)
        self.details = {"kind": kind, "message": message[:2000], "type": type(error).__name__[:200],
                        "errno": getattr(error, "errno", None) if isinstance(error, OSError) else None, **facts}
        if "file" not in facts:
            self.details.update(_where(error, learner_files))


def _where(error: BaseException, learner_files) -> dict:
    """{"file", "line", "code"} of the learner's deepest frame in the traceback, or {} when none is theirs."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename in learner_files]
    if not frames:
        return {}
    frame = frames[-1]
    return {"file": frame.filename, "line": frame.lineno, "code": (frame.line or "")[:300]}


if __name__ == "__main__":
    main()
