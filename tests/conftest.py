"""Shared fixtures of the grader's tests (tests/test_grader_*.py): course copies graded once a session.

Each fixture builds a course copy (tests/grader_support.py), runs the real `python -m checks`
in it once and returns the Run, with the results.json it wrote (when asked for) and a
snapshot of lessons/ before and after, so that several tests can assert on one grading.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from grader_support import ROOT, first_in, graded, replaced, solution

SUM_NOT_MEAN = "dW1 = (m * dZ1) @ X.T  # summed over the examples, not averaged"
NO_DERIVATIVE = 'dZ1 = params["W2"].T @ dZ2  # the sigmoid derivative left out'


REPORTS = ("--json", "results.json", "--junit", "junit.xml")


@pytest.fixture(scope="session")
def stub_run(tmp_path_factory):
    """The course as shipped: every lesson the pristine stub."""
    return graded(tmp_path_factory, "stubs", ())


@pytest.fixture(scope="session")
def partly_solved_run(tmp_path_factory):
    """Lessons 1-3 solved, 4-7 untouched stubs."""
    return graded(tmp_path_factory, "partly", REPORTS, solved=(1, 2, 3))


@pytest.fixture(scope="session")
def solved_run(tmp_path_factory):
    """Every lesson solved (the reference solutions)."""
    return graded(tmp_path_factory, "solved", REPORTS, solved=range(1, 8))


@pytest.fixture(scope="session")
def sum_not_mean_run(tmp_path_factory):
    """`python -m checks 4` on a backward whose dW1 is summed over the examples, not averaged."""
    files = {4: replaced(solution(4), "dW1 = dZ1 @ X.T", SUM_NOT_MEAN)}
    return graded(tmp_path_factory, "sum-not-mean", ("4", "--json", "results.json"), solved=(1, 2, 3),
                  files=files)


@pytest.fixture(scope="session")
def no_derivative_run(tmp_path_factory):
    """`python -m checks 4` on a backward without the sigmoid derivative in dZ1."""
    files = {4: replaced(solution(4), 'dZ1 = (params["W2"].T @ dZ2) * sigmoid_prime(cache["Z1"])',
                         NO_DERIVATIVE)}
    return graded(tmp_path_factory, "no-derivative", ("4", "--json", "results.json"), files=files)


@pytest.fixture(scope="session")
def blocked_run(tmp_path_factory):
    """`python -m checks 7` with lessons 2-7 solved and lesson 1 wrong (sigmoid_prime returns sigmoid)."""
    files = {1: first_in(1, "sigmoid_prime", "return sigmoid(z)  # not its derivative")}
    return graded(tmp_path_factory, "blocked", ("7", "--json", "results.json"), solved=range(2, 8),
                  files=files)


@pytest.fixture(scope="session")
def release(tmp_path_factory) -> Path:
    """The student release, built once by `python -m checks release DIR` from this project
    (tests/test_release.py; tests/test_catalogue.py grades the catalogue with it too)."""
    folder = tmp_path_factory.mktemp("release") / "four-or-five"
    done = subprocess.run([sys.executable, "-m", "checks", "release", str(folder)], cwd=ROOT, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return folder
