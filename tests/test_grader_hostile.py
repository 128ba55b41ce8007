"""Hostile lesson files: each ends as a failure with its own message, within its limit, and every
other lesson is still graded. One hostile case per lesson in one course copy, so that one
grading run (with `--timeout 2`) covers seven; a second copy mixes wrong return values with
solved lessons that must still pass."""

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader_support import LESSONS, ctrl_c_works, first_in, graded, graders_of, kill_graders, learner_env, make_course, \
    replaced, run_checks, solution, table

TIMEOUT = "4"  # seconds a check may take in these runs (a call into the worker costs ~1 ms, more under load)
RUN_LIMIT = 90  # seconds for a whole hostile run: far below the per-lesson backstop (n * 2 s + 150 s)


def _syntax_error_source():
    source = replaced(solution(6), "def train(X, Y,", "def train(X, Y,,")
    return source, source[: source.index("def train(")].count("\n") + 1


SYNTAX_SOURCE, SYNTAX_LINE = _syntax_error_source()

# lesson -> (source, {check title or "*": the message that check must give})
HOSTILE = {
    1: (first_in(1, "sigmoid_prime", "import ctypes\nctypes.string_at(0)  # reads address 0: a segfault"),
        {"sigmoid prime": "sigmoid_prime: the grading process crashed (segmentation fault) while running it"}),
    2: ("import os\nos._exit(0)\n" + solution(2),
        {"*": "lessons/lesson02_forward.py ended the grading process (exit code 0: sys.exit, exit or os._exit?) "
              "while being imported"}),
    3: (first_in(3, "bce_loss", "while True:  # an endless loop\n    pass"),
        {"*": f"timed out after {TIMEOUT} s"}),
    4: (first_in(4, "backward", "import numpy as np\nhuge = np.ones((10**6, 10**5))  # 745 GiB"),
        {"*": "backward: your code raised MemoryError"}),
    5: ("import sys\nsys.exit(0)\n" + solution(5),
        {"*": "lessons/lesson05_update.py called exit() while being imported"}),
    6: (SYNTAX_SOURCE, {"*": f"lessons/lesson06_train.py has a syntax error at line {SYNTAX_LINE}"}),
    7: (first_in(7, "accuracy", 'for _ in range(10 ** 6):  # a print flood: 12 GB if nothing stops it\n'
                                '    print("flood " * 2000)'),
        {"accuracy": "accuracy printed far too much",
         "whole classifier": "fix lesson 1 first", "run reports": "fix lesson 1 first"}),
}

MIXED = {  # wrong return values beside solved lessons 2 and 4 and the stub of lesson 7
    1: (first_in(1, "sigmoid", "z = np.asarray(z, dtype=np.float64)\ne = np.exp(-np.abs(z))\n"
                               "return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).tolist()  # a list"),
        {"sigmoid matches reference": "should be a float64 array of shape",
         "sigmoid is safe at extremes": "return a NumPy array (np.array(...)), not a Python list",
         "sigmoid properties": "return a NumPy array (np.array(...)), not a Python list"}),
    3: (first_in(3, "bce_loss", "return None  # forgot to return the loss"),
        {"*": "the function returned nothing: did you forget `return`?"}),
    5: (replaced(solution(5), 'P - lr * grads["d" + name]', '(P - lr * grads["d" + name]).ravel()'),
        {"*": re.compile(r"W1 has shape \(\d+,\) but should have shape \(\d+, \d+\)")}),
    6: (first_in(6, "train", "spare = np.empty(5 * 1024 ** 3 // 8)  # 5 GiB of address space, never touched"),
        {"*": "train: your code raised MemoryError"}),  # passes unless the grader caps memory
}


def _graded(factory, name, cases, solved=()):
    return graded(factory, name, ("--timeout", TIMEOUT, "--json", "results.json", "--junit", "junit.xml"),
                  solved=solved, files={number: source for number, (source, _) in cases.items()})


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    return _graded(tmp_path_factory, "hostile", HOSTILE)


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    return _graded(tmp_path_factory, "mixed", MIXED, solved=(2, 4))


def _checks_of(run, number):
    """[(title, status, output)] of lesson `number`'s checks, from results.json."""
    return [(test["name"].split(": ", 1)[1], test["status"], test["output"]) for test in run.extra["json"]["tests"]
            if test["number"].split(".")[0] == str(number)]


def _says(output, expected):
    return bool(expected.search(output)) if isinstance(expected, re.Pattern) else expected in output


def _assert_lesson(run, number, expected):
    checks = _checks_of(run, number)
    assert len(checks) == len(LESSONS[number - 1].check_names), "a check went missing from the report"
    touched = 0
    for title, status, output in checks:
        wanted = [message for prefix, message in expected.items() if prefix == "*" or title.startswith(prefix)]
        if wanted:
            touched += 1
            assert status == "failed", f"lesson {number}, {title}: {status}, should fail\n{run}"
            assert _says(output, wanted[0]), f"lesson {number}, {title} says:\n{output}\nnot: {wanted[0]}"
        else:
            assert status == "passed", f"lesson {number}, {title} should still pass: {output}"
    assert touched, f"lesson {number}: no check was touched"


@pytest.mark.parametrize("number", sorted(HOSTILE))
def test_each_hostile_case_fails_with_its_message(hostile_run, number):
    _assert_lesson(hostile_run, number, HOSTILE[number][1])


@pytest.mark.parametrize("number", sorted(MIXED))
def test_each_wrong_return_value_fails_with_its_message(mixed_run, number):
    _assert_lesson(mixed_run, number, MIXED[number][1])


@pytest.mark.parametrize("name", ["hostile_run", "mixed_run"])
def test_a_hostile_course_is_graded_whole_within_the_limit(request, name):
    run = request.getfixturevalue(name)
    assert run.returncode == 1, run
    assert run.seconds < RUN_LIMIT, f"took {run.seconds:.0f} s\n{run}"
    rows = table(run.stdout)
    assert sorted(rows) == [lesson.number for lesson in LESSONS], run
    assert run.stderr == "" and "Traceback" not in run.stdout, run
    assert run.extra["lessons_before"] == run.extra["lessons_after"], "grading wrote into lessons/"
    if name == "mixed_run":  # the lessons beside the hostile ones are graded as usual
        assert rows[2].status == rows[4].status == "passing", run
        assert rows[7].status == "not started", run


@pytest.mark.parametrize("name", ["hostile_run", "mixed_run"])
def test_no_check_fails_with_an_internal_error(request, name):
    """A wrong value (a list, None, a wrong shape) is named, never a crash of the check itself."""
    for test in request.getfixturevalue(name).extra["json"]["tests"]:
        assert "the check itself failed unexpectedly" not in test["output"], test


# --- Ctrl-C while a lesson is being graded ----------------------------------------------------

@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_ctrl_c_during_a_grading_stops_at_once(tmp_path):
    """Ctrl-C in the middle of grading an endless loop: the watch stops within seconds and leaves no
    grading process behind (they run in sessions of their own, so the grader must end them)."""
    course = make_course(tmp_path, files={3: HOSTILE[3][0]})
    watch = subprocess.Popen([sys.executable, "-m", "checks", "watch", "3", "--timeout", TIMEOUT], cwd=course,
                             env=learner_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, preexec_fn=ctrl_c_works)
    try:
        deadline = time.monotonic() + 30
        while not graders_of(course) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert graders_of(course), "the grading never started"
        time.sleep(0.5)
        watch.send_signal(signal.SIGINT)
        started = time.monotonic()
        out, err = watch.communicate(timeout=60)
        stopped = time.monotonic() - started
        time.sleep(0.3)
        left = graders_of(course)
        assert not left, f"grading processes left running after Ctrl-C: {left}"
        assert b"Traceback" not in err, err
        assert stopped < 3, f"Ctrl-C took {stopped:.1f} s to stop the watch"
        assert watch.returncode in (0, 130), (watch.returncode, err)
    finally:
        if watch.poll() is None:
            watch.kill()
            watch.wait()
        kill_graders(course)


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_a_thread_that_never_ends_does_not_hold_up_the_grading(tmp_path):
    """Once every check has reported, the grading ends: a thread the lesson started and never
    stopped does not keep it waiting for the backstop (n_checks x timeout + 150 s)."""
    course = make_course(tmp_path, files={5: "import threading\nimport time\n\n"
                                              "threading.Thread(target=time.sleep, args=(10 ** 6,)).start()\n"
                                              + solution(5)})
    grading = subprocess.Popen([sys.executable, "-m", "checks", "5", "--timeout", TIMEOUT], cwd=course,
                               env=learner_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    try:
        out, _ = grading.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        out = None
    finally:
        if grading.poll() is None:
            grading.kill()
            grading.wait()
        kill_graders(course)
    assert out is not None, "lesson 5 was still being graded after 20 s"
    assert b"4/4 checks" in out, out


def test_a_keyboard_interrupt_raised_by_the_learner_is_named(tmp_path):
    course = make_course(tmp_path, files={5: first_in(5, "update", "raise KeyboardInterrupt")})
    run = run_checks(course, "5", "--timeout", TIMEOUT, timeout=120)
    assert run.returncode == 1, run
    assert "update raised KeyboardInterrupt" in run.stdout, run
