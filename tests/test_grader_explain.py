"""`python -m checks N` explains the first failure: the function, the input as a NumPy literal,
expected against got, the largest difference and where, the tolerance, the named mistake,
and a replay script under .checks/replay/ that runs. A lesson blocked only by an earlier
lesson says which one to fix first."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np

from grader_support import LESSONS, explanation, graded, learner_env, replaced, solution

INPUT = re.compile(r"^  input    (\w+) = (.*)$", re.M)


def _check_explanation(run, *, value: str, mistake: str):
    """The parts every explained failure of `backward` has, for the gradient `value` (e.g. dW1)."""
    assert run.returncode == 1, run
    text = explanation(run.stdout)
    assert text.startswith("First failure: backward matches reference"), run
    assert f"{value} does not match the reference" in text, run
    inputs = dict(INPUT.findall(text))
    assert list(inputs) == ["X", "Y", "params", "cache"], run
    for name, literal in inputs.items():  # short enough to paste, and pasting it works
        assert len(literal) <= 600, f"input {name} is not a short literal: {literal[:200]}"
        eval(literal, {"np": np})  # noqa: S307 (the grader's own output, in a test)
    expected = re.search(r"^  expected (np\.array\(.*\))$", text, re.M)
    got = re.search(r"^  got      (np\.array\(.*\))$", text, re.M)
    assert expected and got, run
    assert not np.allclose(eval(expected.group(1), {"np": np}), eval(got.group(1), {"np": np}))  # noqa: S307
    assert re.search(r"^  largest difference at \[\d+, \d+\]: expected \S+, got \S+ \(tolerance 1e-12 \+ "
                     r"1e-09 \* \|expected\|\)$", text, re.M), run
    assert re.search(rf"^  likely mistake: {re.escape(mistake)}", text, re.M), run
    assert "Traceback" not in run.stdout + run.stderr, run
    return text


def _replay_of(run, text: str) -> Path:
    found = re.search(r"^  replay: python (\S+)$", text, re.M)
    assert found, f"no replay line\n{run}"
    script = Path(found.group(1))
    assert script.is_file(), run
    assert script.resolve().parent == (run.course / ".checks" / "replay").resolve()
    assert "lessons" not in script.resolve().relative_to(run.course.resolve()).parts
    return script


def test_sum_instead_of_mean_is_named(sum_not_mean_run):
    text = _check_explanation(sum_not_mean_run, value="dW1", mistake="dW1 is exactly m = ")
    m = re.search(r"exactly m = (\d+) times the expected value", text)
    assert m and int(m.group(1)) > 1, text
    assert "sum over the examples instead of averaging" in text


def test_missing_sigmoid_derivative_is_named(no_derivative_run):
    _check_explanation(no_derivative_run, value="dW1",  # on the telling network tried first (X != 0)
                       mistake="the sigmoid derivative is missing")


def test_the_replay_script_runs_and_shows_got_and_expected(sum_not_mean_run):
    script = _replay_of(sum_not_mean_run, explanation(sum_not_mean_run.stdout))
    env = learner_env()
    done = subprocess.run([sys.executable, str(script)], cwd=script.parent, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    got = re.search(r"^got:\s+(.*)$", done.stdout, re.M)
    expected = re.search(r"^expected:\s+(.*)$", done.stdout, re.M)
    assert got and expected, done.stdout
    assert "dW1" in got.group(1) and got.group(1) != expected.group(1), done.stdout  # the bug is replayed


def test_replays_are_written_outside_lessons_and_lessons_is_untouched(sum_not_mean_run, no_derivative_run):
    for run in (sum_not_mean_run, no_derivative_run):
        replays = sorted((run.course / ".checks" / "replay").glob("*.py"))
        assert replays, run
        assert run.extra["lessons_before"] == run.extra["lessons_after"], "grading wrote into lessons/"


def test_the_gradient_check_reports_each_parameter_and_pixels(no_derivative_run):
    """The gradient checks' messages (in results.json): relative error per parameter, the wrong ones
    marked, the worst entries, and on digits W1's entries as pixels of the 28x28 image."""
    tests = {test["name"].split(": ", 1)[1]: test for test in no_derivative_run.extra["json"]["tests"]}
    digits = tests["backward gradient check on digits"]
    assert digits["status"] == "failed"
    output = digits["output"]
    assert "numerical gradient check for dW1, db1" in output, output
    for name, wrong in (("dW1", True), ("db1", True), ("dW2", False), ("db2", False)):
        line = re.search(rf"^\s+{name}: (\S+)(.*)$", output, re.M)
        assert line, f"no relative error for {name}:\n{output}"
        error = float(line.group(1))
        assert (error > 1e-6) == wrong and ("<- wrong" in line.group(2)) == wrong, line.group(0)
    pixels = re.findall(r"^\s+\[(\d+), (\d+)\] = hidden unit (\d+), pixel \(row (\d+), column (\d+)\) of the "
                        r"28x28 image", output, re.M)
    assert len(pixels) == 3, output
    for unit, index, unit_again, row, column in pixels:
        assert unit == unit_again and int(index) == 28 * int(row) + int(column), output


def test_lesson_7_blocked_by_lesson_1_says_fix_lesson_1_first(blocked_run):
    run = blocked_run
    assert run.returncode == 1, run
    assert f"fix lesson 1 first: {len(LESSONS[6].chain_checks)} checks here depend on sigmoid" in run.stdout, run
    marks = re.findall(r"^  ([✓✗·]) (.*)$", run.stdout, re.M)
    failed = [title for mark, title in marks if mark != "✓"]
    chain = [name.removeprefix("test_").replace("_", " ") for name in LESSONS[6].chain_checks]
    assert len(marks) == len(LESSONS[6].check_names) and chain and failed == chain, \
        run  # lesson 7's own functions all pass: only the whole-chain checks wait for lesson 1
    text = explanation(run.stdout)
    assert "not run: fix lesson 1 first" in text, run
    for test in run.extra["json"]["tests"]:
        if test["status"] == "failed":
            assert "fix lesson 1 first" in test["output"], test


def test_a_wrong_gradient_shows_which_gradients_are_wrong(no_derivative_run):
    """`python -m checks 4` shows the gradient check's table with the first failure: the relative error of
    each of dW1, db1, dW2, db2, the wrong ones marked, and the worst entries."""
    text = explanation(no_derivative_run.stdout)
    assert "Which gradients are wrong (the numerical gradient check):" in text, text
    table = text.split("Which gradients are wrong", 1)[1]
    for name, wrong in (("dW1", True), ("db1", True), ("dW2", False), ("db2", False)):
        line = re.search(rf"^\s+{name}: (\S+)(.*)$", table, re.M)
        assert line and ("<- wrong" in line.group(2)) == wrong, table
    assert re.search(r"^worst entries of dW1 \(numerical vs yours\):$", table.replace("  ", ""), re.M) or \
        "worst entries of dW1" in table, table


def test_the_first_failure_is_a_check_that_failed_and_waiting_checks_have_their_own_mark(tmp_path_factory):
    """Lesson 6 stepping with lr * 2: the checks that pass but wait for train's value checks are marked ○
    "not counted yet", one line says why, and the first failure is a check that really failed."""
    files = {6: replaced(solution(6), "backward(X_batch, Y_batch, params, cache), lr)",
                         "backward(X_batch, Y_batch, params, cache), lr * 2)")}
    run = graded(tmp_path_factory, "lr-twice", ("6",), files=files)
    assert run.returncode == 1, run
    marks = dict((title, mark) for mark, title in re.findall(r"^  ([✓✗·○]) (.*)$", run.stdout, re.M)
                 if not title.startswith("not counted yet:"))  # the legend line
    waiting = [title for title, mark in marks.items() if mark == "○"]
    assert waiting and all(title.endswith("(not counted yet)") for title in waiting), run
    assert "train returns params and losses (not counted yet)" in waiting, run
    assert run.stdout.count("○ not counted yet: these checks pass") == 1, run
    text = explanation(run.stdout)
    first = text.splitlines()[0].removeprefix("First failure: ")
    assert marks[first] == "✗" and "not counted yet" not in text.splitlines()[1], run


def test_a_renamed_function_is_named_and_reset_is_not_suggested(tmp_path_factory):
    files = {1: replaced(solution(1), "def sigmoid(z):", "def my_sigmoid(z):")}
    run = graded(tmp_path_factory, "renamed", ("1",), files=files)
    text = explanation(run.stdout)
    assert "has no function sigmoid(): the grader calls it by that name; your file defines my_sigmoid(): " \
           "rename it sigmoid" in text, run
    assert "reset" not in text, run


def test_a_shape_error_shows_the_shapes_of_the_learners_arrays(tmp_path_factory):
    """The error is raised on a right line (dW2 = dZ2 @ A1.T); the wrong shape was made on the line above,
    so the message shows the shapes of the arrays there, dZ2 (2, 1) among them (the telling network, m = 2)."""
    files = {4: replaced(solution(4), 'dZ2 = (cache["A2"] - Y) / m', 'dZ2 = (cache["A2"] - Y).T / m')}
    run = graded(tmp_path_factory, "shape-error", ("4",), solved=(1, 2, 3), files=files)
    text = explanation(run.stdout)
    assert re.search(r"^  at lessons/lesson04_backward\.py line \d+: 'dW2 = dZ2 @ cache\[\"A1\"\]\.T'$", text, re.M), run
    shapes = re.search(r"^  your arrays there: (.*)$", text, re.M)
    assert shapes and "dZ2 (2, 1)" in shapes.group(1) and "X (2, 2)" in shapes.group(1), run
    assert "a shape error: the line it points at may be right" in text, run
