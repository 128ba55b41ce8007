"""The guarantees of the two-process grader that are not about a cheat: a hung function answers
fast, slow code is told what is slow, any lesson file gives one line, forbidden imports are named,
the source text does not steer the inputs, the points add up exactly, and a platform without
Linux's confinement still grades (saying what it lacks)."""

import json
import time
from decimal import Decimal

import pytest

from grader_support import LESSONS, first_in, learner_env, make_course, run_checks, solution

SLOW_BACKWARD = '''
def backward(X, Y, params, cache):
    """Correct, but every entry of every gradient is its own Python loop."""
    n_x, m = X.shape
    n_h = params["W1"].shape[0]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = (A2 - Y) / m
    dW2 = np.zeros((1, n_h))
    for j in range(n_h):
        for k in range(m):
            dW2[0, j] += dZ2[0, k] * A1[j, k]
    db2 = np.array([[dZ2.sum()]])
    dZ1 = np.zeros((n_h, m))
    for j in range(n_h):
        for k in range(m):
            dZ1[j, k] = params["W2"][0, j] * dZ2[0, k] * A1[j, k] * (1 - A1[j, k])
    dW1 = np.zeros((n_h, n_x))
    for j in range(n_h):
        for i in range(n_x):
            for k in range(m):
                dW1[j, i] += dZ1[j, k] * X[i, k]
    db1 = dZ1.sum(axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
'''


def _json(run):
    return json.loads((run.course / "results.json").read_text())


def test_a_hung_function_fails_its_lesson_fast(tmp_path):
    course = make_course(tmp_path, files={4: first_in(4, "backward", "while True:\n    pass")})
    started = time.perf_counter()
    run = run_checks(course, "4", "--json", "results.json")
    seconds = time.perf_counter() - started
    assert seconds < 15, f"an endless loop in backward took {seconds:.1f} s to report\n{run}"
    tests = _json(run)["tests"]
    assert len(tests) == len(LESSONS[3].check_names)
    outputs = [test["output"] for test in tests if ": backward" in test["name"]]  # numerical_gradient's pass
    assert outputs and all("timed out after 10 s" in output or "ran past the check's time limit" in output
                           for output in outputs), outputs


def test_slow_but_correct_code_is_told_what_to_vectorise(tmp_path):
    source = solution(4)
    start = source.index("def backward(")
    slow = source[:start] + SLOW_BACKWARD.strip() + "\n"
    course = make_course(tmp_path, solved=(1, 2, 3, 5, 6, 7), files={4: "import numpy as np\n" + slow})
    started = time.perf_counter()
    run = run_checks(course, "7", "--json", "results.json")
    seconds = time.perf_counter() - started
    tests = {test["name"].split(": ", 1)[1]: test for test in _json(run)["tests"]}
    message = tests["whole classifier reaches 97 percent"]["output"]
    assert "backward is the one to vectorise" in message, run
    assert "ms per call (the reference:" in message, message
    assert seconds < 60, f"the verdict took {seconds:.1f} s\n{run}"


@pytest.mark.parametrize("make, expected", [
    (lambda path: path.write_bytes(solution(3).encode("utf-8").replace(b"binary", b"bin\xe9ry")),
     "lessons/lesson03_loss.py is not UTF-8 text (byte 0xe9 on line"),
    (lambda path: (path.unlink(), path.mkdir()), "lessons/lesson03_loss.py is a folder, not a file"),
    (lambda path: path.unlink(), "lessons/lesson03_loss.py is missing"),
], ids=["latin-1", "folder", "missing"])
def test_any_lesson_file_is_one_line(tmp_path, make, expected):
    course = make_course(tmp_path, solved=(1, 2))
    make(course / "lessons" / "lesson03_loss.py")
    run = run_checks(course, "--json", "results.json")
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr, run
    lesson3 = [test for test in _json(run)["tests"] if test["name"].startswith("lesson 3 ")]
    assert lesson3 and all(expected in test["output"] for test in lesson3), lesson3
    rows = [line for line in run.stdout.splitlines() if line.strip().startswith(("1 ", "2 "))]
    assert all("passing" in row for row in rows), run  # the other lessons are graded as usual


def test_reset_restores_a_file_that_is_not_utf8(tmp_path):
    course = make_course(tmp_path)
    target = course / "lessons" / "lesson03_loss.py"
    target.write_bytes(b"# caf\xe9\n")
    run = run_checks(course, "reset", "3", "--yes")
    assert run.returncode == 0, run
    assert "restored the stub" in run.stdout
    backups = list((course / "lessons" / ".backups").glob("lesson03_loss-*.py"))
    assert [path.read_bytes() for path in backups] == [b"# caf\xe9\n"]


def test_a_forbidden_import_fails_every_check_with_one_line(tmp_path):
    course = make_course(tmp_path, files={4: "import torch\n" + solution(4)})
    run = run_checks(course, "4", "--json", "results.json")
    outputs = [test["output"] for test in _json(run)["tests"]]
    assert all(output.startswith("lessons/lesson04_backward.py imports torch (a machine-learning library): the "
                                 "course is written with NumPy alone") for output in outputs), outputs


def test_unrelated_constants_in_the_source_do_not_change_the_verdict(tmp_path):
    """hypothesis draws no inputs from the learner's file: a correct update next to odd literals passes."""
    source = solution(5) + "\nlearning_rate = 1.2\ntiny = 1e-300\nhuge = 1e300\nodd = -0.0\n"
    course = make_course(tmp_path, files={5: source})
    run = run_checks(course, "5")
    assert run.returncode == 0, run


def test_points_add_up_exactly(solved_run):
    report = solved_run.extra["json"]
    for lesson in LESSONS:
        tests = [test for test in report["tests"] if test["name"].startswith(f"lesson {lesson.number} ")]
        if not tests:
            continue
        total = sum(Decimal(str(test["max_score"])) for test in tests)
        assert total == lesson.points, f"lesson {lesson.number}: {[test['max_score'] for test in tests]}"


HIDE_PLATFORM = '''
import importlib.abc, os, sys

class _Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("resource", "ctypes", "pwd", "_ctypes"):
            raise ImportError(f"no {name} on this platform (simulated)")

sys.meta_path.insert(0, _Hide())
for _name in ("killpg", "setsid", "getpgid"):
    if hasattr(os, _name):
        delattr(os, _name)
'''


def test_a_platform_without_linux_confinement_still_grades(tmp_path):
    """resource, ctypes (prctl, unshare, Landlock), pwd and process groups hidden: grading works, and
    says in one line what is weakened."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(HIDE_PLATFORM)
    course = make_course(tmp_path / "course", solved=(1,), files={2: first_in(2, "forward", "while True:\n    pass")})
    env = learner_env(PYTHONPATH=str(shim))
    run = run_checks(course, "1", "2", "--timeout", "2", env=env)
    assert "Traceback" not in run.stdout + run.stderr, run
    assert "8/8 checks, 10.0/10 points, passing" in run.stdout, run
    assert "timed out after 2 s" in run.stdout, run
    assert "note: no memory or output cap" in run.stdout or "note: learner code runs as you" in run.stdout, run
