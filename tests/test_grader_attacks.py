"""Attacks on the grader, round two (issue: trusted grading, round two), one class per test.

Each test plants, in a lesson, what a determined student would write to pass without the work:
reach reference code from the worker, share memory with another worker, lie about time or
about the inputs, patch the worker's own checks, hang the pipe, or print a message that poses
as the grader's. Every one must fail its lesson, and every other lesson must still be graded.
"""

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader_support import ROOT, first_in, learner_env, make_course, run_checks, solution, stub

FIND_WORKER = textwrap.dedent('''\
    import gc, sys
    _worker = next(o for o in gc.get_objects() if type(o).__name__ == "Worker" and hasattr(o, "answers"))
    ''')


def _probe(tmp_path, lesson: int, body: str, function: str = "inventory", args=()):
    """Run `body` (a function `function` added to lesson `lesson`'s solution) in a real worker, as
    grading runs it, and return what it returned (JSON). The call goes through checks/remote.py."""
    course = make_course(tmp_path, files={lesson: solution(lesson) + "\n\n" + textwrap.dedent(body)})
    script = textwrap.dedent(f'''\
        import json, sys
        from checks import remote, sandbox
        from checks.course import find_lesson
        sandbox.protect_grader()
        learner = remote.open_lesson(find_lesson("{lesson}"))
        value, changed, _ = learner.invoke({function!r}, {list(args)!r}, {{}})
        learner.worker.stop()
        print(json.dumps(value))
        ''')
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=learner_env(CHECKS_LESSONS=str(course / "lessons")))
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- 1. a worker holds the learner's code, NumPy and the data: nothing that computes an answer --

def test_a_worker_holds_no_reference_code(tmp_path):
    """Lesson 7's worker (lessons 1-6 before it): no reference source anywhere, every earlier lesson's
    function is one that asks the grader, and the experiment and figure code cannot even be read."""
    found = _probe(tmp_path, 7, '''
        def inventory():
            import linecache, sys
            earlier = [m for name, m in sys.modules.items() if name.startswith("_graded07.lesson0")
                       and not name.endswith("lesson07_classifier")]
            codes = sorted({f.__code__.co_filename for m in earlier for f in vars(m).values()
                            if callable(f) and hasattr(f, "__code__")})
            readable = []
            for path in ("experiments/figures_deep.py", "solutions/lesson04_backward.py", "checks/reference.py"):
                try:
                    open(__import__("os").path.join(ROOT, path)).read(1)
                    readable.append(path)
                except OSError:
                    pass
            try:
                import experiments  # noqa: F401
                readable.append("import experiments")
            except ImportError:
                pass
            return {"modules": len(earlier), "codes": codes, "readable": readable,
                    "linecache": sorted(k for k in linecache.cache if "solutions" in k or "experiments" in k),
                    "digits": sorted(n for n in sys.modules if n.startswith("digits"))}
        ROOT = %r
        ''' % str(ROOT))
    assert found["modules"] == 6, found
    assert len(found["codes"]) == 1 and found["codes"][0].endswith("worker/main.py"), found
    assert found["readable"] == [] and found["linecache"] == [], found
    assert set(found["digits"]) <= {"digits", "digits.dataset", "digits.idx"}, found


def test_an_earlier_lesson_called_while_the_lesson_is_imported_is_answered_too(tmp_path):
    """A learner's quick test at the top of the file (`print(sigmoid(0.0))`) calls lesson 1 while
    lesson 2 is imported, before any check runs: the grader answers that call as well."""
    source = solution(2).replace("\ndef ", "\nprint('sigmoid(0) =', sigmoid(0.0))\n\n\ndef ", 1)
    run = run_checks(make_course(tmp_path, files={2: source}), "2")
    assert run.returncode == 0 and "7/7 checks, 15.0/15 points, passing" in run.stdout, run


def test_the_support_package_holds_only_data():
    """digits/ is what the worker may read: the digits and their reader, no lesson's answer."""
    names = sorted(path.name for path in (ROOT / "digits").iterdir() if path.suffix == ".py")
    assert names == ["__init__.py", "dataset.py", "idx.py"], names
    for name in ("seed_network.py", "figures_deep.py", "figures.py", "lesson_figures.py"):
        assert not (ROOT / "digits" / name).exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux confinement")
def test_no_ipc_no_unix_socket_and_no_change_to_a_files_metadata(tmp_path):
    """System V shared memory between two workers of one grading, a UNIX socket (to a path or an
    abstract name), and chmod/utime/setxattr on a course file (Landlock governs none of these)."""
    target = str(ROOT / "checks" / "__init__.py")
    found = _probe(tmp_path, 1, '''
        def inventory(target):
            import ctypes, os, socket
            libc = ctypes.CDLL(None, use_errno=True)
            out = {"uid": os.getuid()}
            out["shmget"] = 0 if libc.shmget(0x4F35, 4096, 0o1666) >= 0 else ctypes.get_errno()
            for name, family in (("unix", socket.AF_UNIX),):
                try:
                    socket.socket(family).close()
                    out[name] = 0
                except OSError as error:
                    out[name] = error.errno
            for name, change in (("chmod", lambda: os.chmod(target, 0o777)), ("utime", lambda: os.utime(target, (0, 0))),
                                 ("setxattr", lambda: os.setxattr(target, "user.x", b"1"))):
                try:
                    change()
                    out[name] = 0
                except OSError as error:
                    out[name] = error.errno
            return out
        ''', args=[target])
    for name in ("shmget", "unix", "chmod", "utime", "setxattr"):
        assert found[name] in (errno.EPERM, errno.EACCES), found
    if os.geteuid() == 0:
        assert found["uid"] != 0, "as root, the worker must run as a user that owns nothing of the course"
    assert os.stat(target).st_mode & 0o777 != 0o777


# --- 2. nothing the worker says about itself is believed --------------------------------------

def test_time_is_the_graders_clock(tmp_path):
    """A slow loss that stops the worker's clocks (the old grader charged the worker's own seconds)."""
    slow = first_in(3, "bce_loss", "import time as _t\n_sleep = _t.sleep\n_t.perf_counter = _t.monotonic = "
                                   "_t.time = lambda: 0.0\n_sleep(3)")
    run = run_checks(make_course(tmp_path, files={3: slow}), "3", "--timeout", "1")
    assert run.returncode == 1 and "timed out after 1 s" in run.stdout, run
    assert "passing" not in run.stdout.split("Lesson 3")[1].splitlines()[-1], run


def test_an_in_place_update_that_hides_itself_fails(tmp_path):
    """update changes params in place and patches the worker's own record of what changed."""
    cheat = first_in(5, "update", FIND_WORKER + textwrap.dedent('''\
        main = sys.modules["__main__"]
        main._replaced = lambda before, value: []
        main._layout = lambda value: []
        for _key in params:
            params[_key] -= lr * grads["d" + _key]
        return params'''))
    run = run_checks(make_course(tmp_path, files={5: cheat}), "5", "--json", "results.json")
    results = json.loads((tmp_path / "results.json").read_text())
    assert run.returncode == 1 and sum(test["score"] for test in results["tests"]) == 0, run
    # seen by the grader in the input file, or, on a call that changed nothing, by the probe
    assert "changed its input params in place" in run.stdout or "changed the grader's worker" in run.stdout, run


def test_a_worker_patched_to_hide_warnings_fails_the_lesson(tmp_path):
    """A naive sigmoid (it overflows) that wraps the worker's call path in np.errstate(all='ignore')."""
    cheat = first_in(1, "sigmoid", FIND_WORKER + textwrap.dedent('''\
        import numpy as _np
        _run = type(_worker)._run
        if not getattr(_run, "patched", False):
            def _quiet(self, function, args, kwargs, _run=_run):
                with _np.errstate(all="ignore"):
                    return function(*args, **kwargs)
            _quiet.patched = True
            type(_worker)._run = _quiet
        with _np.errstate(all="ignore"):
            return 1.0 / (1.0 + _np.exp(-z))'''))
    run = run_checks(make_course(tmp_path, files={1: cheat}), "1", "--json", "results.json")
    assert run.returncode == 1, run
    results = json.loads((tmp_path / "results.json").read_text())
    assert sum(test["score"] for test in results["tests"]) == 0, results
    assert "changed the grader's worker" in run.stdout, run


def test_where_training_started_is_the_graders_own_record(tmp_path):
    """train that does no training, forging what the worker's old spy reported (it has none now)."""
    cheat = first_in(6, "train", textwrap.dedent('''\
        import sys as _sys
        _main = _sys.modules["__main__"]
        params = init_params(X.shape[0], n_h, Y.shape[0], seed=seed)
        return params, [float(bce_loss(forward(X, params)[0], Y))] * epochs'''))
    run = run_checks(make_course(tmp_path, files={6: cheat}), "6", "--json", "results.json")
    results = json.loads((tmp_path / "results.json").read_text())
    assert run.returncode == 1 and sum(test["score"] for test in results["tests"]) == 0, run


def test_a_link_in_place_of_the_input_file_changes_nothing_outside_the_worker(tmp_path):
    """The worker owns its folder: it puts a link to a file of ours where the grader's input file was.
    The grader holds its file open and never writes by name, so the file linked to is untouched."""
    victim = tmp_path / "victim.txt"
    victim.write_text("intact")
    victim.chmod(0o666)
    cheat = first_in(1, "sigmoid", textwrap.dedent(f'''\
        import glob as _glob, os as _os
        for _name in _glob.glob("inputs-*.bin"):
            _os.unlink(_name)
            _os.symlink({str(victim)!r}, _name)'''))
    run = run_checks(make_course(tmp_path / "course", files={1: cheat}), "1")
    assert victim.read_text() == "intact", run
    assert "Traceback" not in run.stdout + run.stderr, run


# --- 3. nothing hangs ---------------------------------------------------------------------------

@pytest.mark.parametrize("attack", ["half a frame", "a flood"])
def test_a_worker_that_breaks_the_pipe_is_stopped_in_time(tmp_path, attack):
    """Half a frame (a length, then nothing) or an endless stream on the answers pipe: the lesson fails
    within its check's time limit plus a little, and the lessons after it are still graded."""
    if attack == "half a frame":
        code = "_worker.answers.write((1000).to_bytes(8, 'little'))\n_worker.answers.flush()\nimport time\ntime.sleep(600)"
    else:
        code = ("import threading\n"
                "def _flood():\n    while True:\n        _worker.answers.write(b'\\x01' * 65536)\n"
                "threading.Thread(target=_flood, daemon=True).start()\nimport time\ntime.sleep(600)")
    cheat = first_in(1, "sigmoid", FIND_WORKER + code)
    run = run_checks(make_course(tmp_path, solved=(3,), files={1: cheat}), "1", "3", "--timeout", "2", timeout=120)
    assert "Traceback" not in run.stdout + run.stderr, run
    lesson1, lesson3 = run.stdout.split("Lesson 3")
    assert "failing" in lesson1 and "passing" in lesson3, run
    assert run.seconds < 40, f"{attack}: took {run.seconds:.0f} s\n{run}"  # before: 190 s and 220 s


# --- 4. the learner's text is never the grader's -------------------------------------------------

FORGED = '8/8 checks, 10.0/10 points, passing\nAll checks pass.\x1b[32m green """ + "\n" + print("escaped")'


def test_a_message_posing_as_the_graders_is_quoted_as_the_learners(tmp_path):
    cheat = first_in(1, "sigmoid", f"raise ValueError({FORGED!r})")
    course = make_course(tmp_path, files={1: cheat})
    run = run_checks(course, "1", "--json", "results.json", "--junit", "junit.xml")
    lines = run.stdout.splitlines()
    assert not any(line.lstrip().startswith(("All checks pass", "8/8 checks")) for line in lines), run
    assert "\x1b[32m green" not in run.stdout and "your code raised ValueError: '8/8 checks" in run.stdout, run
    junit = (course / "junit.xml").read_text()
    assert not any(line.lstrip().startswith(("All checks pass", "8/8")) for line in junit.splitlines()), junit
    results = json.loads((course / "results.json").read_text())
    for test in results["tests"]:
        output = test.get("output", "")
        assert "\x1b" not in output, output
        assert not any(line.lstrip().startswith(("All checks pass", "8/8")) for line in output.splitlines()), output
    for script in (course / ".checks" / "replay").glob("*.py"):
        source = script.read_text()
        compile(source, str(script), "exec")  # a message cannot break out of the docstring
        assert "\nAll checks pass." not in source, source


def test_an_import_time_message_and_a_type_name_are_quoted(tmp_path):
    forged = stub(2) + textwrap.dedent(f'''
        class _Fake(Exception):
            pass
        _Fake.__name__ = "passing\\nAll checks pass."
        raise _Fake({FORGED!r})
        ''')
    run = run_checks(make_course(tmp_path, files={2: forged}), "2")
    assert run.returncode == 1, run
    assert not any(line.lstrip().startswith(("All checks pass", "8/8 checks")) for line in run.stdout.splitlines()), run
    assert "while being imported: '8/8 checks" in run.stdout, run


# --- 5. a platform without fork, sessions, resource, ctypes, signals or Landlock -----------------

HIDE_PLATFORM = '''
import importlib.abc, os, signal, sys

class _Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("resource", "ctypes", "_ctypes", "pwd", "fcntl", "termios"):
            raise ImportError(f"no {name} on this platform (simulated)")

sys.meta_path.insert(0, _Hide())
for _module, _names in ((os, ("fork", "forkpty", "killpg", "setsid", "getpgid", "register_at_fork")),
                        (signal, ("SIGALRM", "setitimer", "getitimer", "alarm"))):
    for _name in _names:
        if hasattr(_module, _name):
            delattr(_module, _name)
'''


def test_windows_and_macos_grade_a_solved_course_a_stub_an_endless_loop_and_a_crash(tmp_path):
    """Everything a Windows or macOS Python lacks hidden (resource, fcntl, termios, fork, setsid,
    killpg, SIGALRM, setitimer, and with ctypes Landlock, unshare and prctl): part 1 solved grades
    in full; then a stub, an endless loop and a crash each get their own verdict in one line."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(HIDE_PLATFORM)
    env = learner_env(PYTHONPATH=str(shim))
    solved = run_checks(make_course(tmp_path / "solved", solved=range(1, 8)), env=env)
    assert solved.returncode == 0 and "Traceback" not in solved.stdout + solved.stderr, solved
    assert "100.0/100" in solved.stdout.replace(" ", "") or "100/100" in solved.stdout.replace(" ", ""), solved
    mixed = make_course(tmp_path / "mixed", solved=(1,), files={
        3: first_in(3, "bce_loss", "while True:\n    pass"),
        4: first_in(4, "backward", "import os\nos.abort()")})
    run = run_checks(mixed, "1", "2", "3", "4", "--timeout", "2", env=env)
    out = run.stdout + run.stderr
    assert "Traceback" not in out and "INTERNALERROR" not in out and "ended without reporting" not in out, run
    assert "8/8 checks, 10.0/10 points, passing" in run.stdout, run
    assert "not started" in run.stdout.split("Lesson 2")[1].split("Lesson 3")[0], run
    assert "timed out after 2 s" in run.stdout.split("Lesson 3")[1].split("Lesson 4")[0], run
    assert "aborted" in run.stdout.split("Lesson 4")[1], run
    assert "note:" in run.stdout, run
