"""Verdicts right on real code (issue 20, point 3), where the catalogue alone cannot show it.

The catalogue (tests/catalogue, run by tests/test_catalogue.py) holds the wrong and right variants of
each gap: clipped backward passes at saturated outputs, relu_prime's slope at 0, shuffles that ignore
the seed or reuse init's stream, the global random state. This file adds what a verdict on a whole
lesson does not show: the cost bar of checks/cost.py on its own (cheap, with a stand-in clock), the cost
check rejecting finite differences in lessons 4 and 8 and accepting the reference, and the points an
unshuffled split earns.
"""

import json
import subprocess
import sys

import pytest

from checks import cost, deadline
from checks.failure import CheckFailure
from grader_support import ROOT, make_course, run_checks
from test_catalogue import CATALOGUE, Variant, plant


# --- the bar itself ------------------------------------------------------------------------

def _clock(*seconds):
    """A stand-in for timing one call: returns the given seconds in turn."""
    left = list(seconds)
    return lambda: left.pop(0)


def test_the_bar_passes_a_backward_pass_that_costs_a_few_forward_passes():
    forward = _clock(*[0.002] * 3)
    cost.expect_backpropagation_cost(forward, lambda: (0.005, None), "a network", 100)


def test_the_bar_fails_a_backward_pass_of_many_forward_passes_in_every_round():
    rounds = cost.ROUNDS
    forward = _clock(*[0.001] * (cost.FORWARD_REPEATS * rounds))
    backward = _clock(*[0.001 * (cost.MAX_FORWARDS + 50)] * rounds)
    with pytest.raises(CheckFailure, match=r"costs 250 of them \(at most 200 allowed\)") as failed:
        cost.expect_backpropagation_cost(forward, lambda: (backward(), None), "784-32-1", 25_121)
    assert "finite differences" in failed.value.mistake and "25,121 parameters" in failed.value.mistake


def test_the_bar_forgives_a_round_slowed_by_load():
    """Over the bar once (another process took the core), under it the next round: a pass."""
    forward = _clock(*[0.001] * (2 * cost.FORWARD_REPEATS))
    backward = _clock(0.001 * cost.MAX_FORWARDS * 3, 0.002)
    cost.expect_backpropagation_cost(forward, lambda: (backward(), None), "a network", 100)


def test_the_bar_takes_the_fastest_forward_pass_of_a_round():
    """A slow forward pass must not raise the bar: the fastest of the round counts."""
    forward = _clock(0.05, 0.001, 0.05, *[0.001] * (cost.FORWARD_REPEATS * (cost.ROUNDS - 1)))
    with pytest.raises(CheckFailure):
        cost.expect_backpropagation_cost(forward, lambda: (0.001 * (cost.MAX_FORWARDS + 1), None), "net", 10)


def test_a_backward_pass_that_runs_out_of_time_fails_with_the_reason():
    def backward():
        raise deadline.CheckTimedOut("timed out")
    with pytest.raises(CheckFailure, match="ran past the check's time limit"):
        cost.expect_backpropagation_cost(lambda: 0.001, backward, "784-32-1", 25_121)


# --- the cost checks on real lessons -------------------------------------------------------

def _run_check(tmp_path, variant_path, check: str, timeout: str):
    """Only `check` of the variant's lesson, by pytest in a subprocess, as the catalogue grades."""
    variant = Variant(variant_path)
    lessons = plant(variant, tmp_path)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", check,
         str(ROOT / "checks" / f"test_{variant.lesson.module}.py"), "--rootdir", str(ROOT)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={**_env(), "CHECKS_LESSONS": str(lessons), "CHECKS_TIMEOUT": timeout})


def _env():
    import os

    return {key: value for key, value in os.environ.items() if not key.startswith(("CHECKS_", "PYTEST_"))}


@pytest.mark.parametrize("variant, check", [
    ("wrong/l4_finite_differences", "test_backward_costs_a_few_forward_passes"),
    ("wrong/l8_backward_finite_differences", "test_backward_deep_costs_a_few_forward_passes"),
])
def test_finite_differences_fail_the_cost_check(tmp_path, variant, check):
    """Lesson 4's passes its value checks, both fail on cost (a 2 s limit keeps this test short:
    they would need 10 s to several minutes)."""
    done = _run_check(tmp_path, CATALOGUE / f"{variant}.py", check, timeout="2")
    assert done.returncode == 1 and "backpropagation should cost a few forward passes" in done.stdout, done.stdout


@pytest.mark.parametrize("variant, check", [
    ("right/l4_loop_over_examples", "test_backward_costs_a_few_forward_passes"),
    ("right/l8_forward_backward_with_lists", "test_backward_deep_costs_a_few_forward_passes"),
])
def test_correct_backward_passes_pass_the_cost_check(tmp_path, variant, check):
    done = _run_check(tmp_path, CATALOGUE / f"{variant}.py", check, timeout="10")
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout


# --- lesson 7: an unshuffled split earns nothing ---------------------------------------------

def test_an_unshuffled_split_earns_no_points(tmp_path):
    """"split is a partition" counts only once the split's value check ("seeded and shuffled") passes."""
    variant = Variant(CATALOGUE / "wrong" / "l7_split_not_shuffled.py")
    lessons = plant(variant, tmp_path / "planted")
    course = make_course(tmp_path / "course", solved=range(1, 7),
                         files={7: (lessons / variant.lesson.filename).read_text()})
    run = run_checks(course, "7", "--json", "results.json", timeout=300)
    tests = json.loads((course / "results.json").read_text())["tests"]
    split = {test["name"]: test["score"] for test in tests if "split" in test["name"]}
    assert len(split) == 2 and not any(split.values()), f"{split}\n{run}"
    assert any("shuffle" in test["output"] for test in tests if "split" in test["name"]), run
