"""Hints answer the failure: `python -m checks hint N` reads the last grading
(.checks/last-grading.json, written by the grader beside lessons/) and starts from the first
function that fails and, when the check named a mistake, from that mistake's hint; without a
grading the lesson's hints come in order, as they always did.

Each test writes the grading file itself into a course copy (the format is fixed, see
checks/hints.py), so these tests need no grading run.
"""

import json
import os
import re
import time

import pytest

from grader_support import ROOT, LESSONS, make_course, run_checks

from checks.hints import TIERS, function_tiers, hint_tiers, mistake_hint, mistake_hints


def _grading(course, lessons):
    folder = course / ".checks"
    folder.mkdir(exist_ok=True)
    path = folder / "last-grading.json"
    path.write_text(json.dumps({"version": 1, "lessons": lessons}))
    later = time.time() + 5  # graded after the lesson files were written
    os.utime(path, (later, later))
    return path


def _check(name, functions, status, mistake=None):
    message = "" if status == "passed" else f"{functions[0]}: something is wrong" + (
        f"\n  likely mistake: {mistake}" if mistake else "")
    return {"name": name, "functions": functions, "status": status, "message": message, "mistake": mistake}


def _lesson(number):
    return LESSONS[number - 1]


SIGMOID_PASSES_PRIME_FAILS = {"1": {"status": "failing", "checks": [
    _check("test_sigmoid_matches_reference", ["sigmoid"], "passed"),
    _check("test_sigmoid_is_safe_at_extremes", ["sigmoid"], "passed"),
    _check("test_sigmoid_prime_matches_reference", ["sigmoid_prime"], "failed"),
    _check("test_sigmoid_prime_is_safe_at_extremes", ["sigmoid_prime"], "failed"),
]}}


CORE = [lesson for lesson in LESSONS if getattr(lesson, "part", 1) == 1]


def test_every_lesson_and_function_has_three_tiers():
    """Every core lesson; a lesson of part two once its hints file exists (another issue writes them)."""
    hints = ROOT / "checks" / "hints"
    for lesson in CORE + [l for l in LESSONS if l not in CORE and (hints / f"{l.number:02d}-{l.slug}.md").exists()]:
        assert len(hint_tiers(lesson)) == 3 and all(hint_tiers(lesson)), lesson.module
        for function in lesson.functions:
            tiers = function_tiers(lesson, function)
            assert len(tiers) == 3 and all(tiers), (lesson.module, function)


def test_lessons_with_several_functions_have_a_hint_for_each():
    for number in (1, 2, 7):
        lesson = _lesson(number)
        tiers = [tuple(function_tiers(lesson, function)) for function in lesson.functions]
        assert len(set(tiers)) == len(tiers), f"lesson {number}: two functions share their hints"


def test_a_passing_sigmoid_and_a_failing_sigmoid_prime_get_a_sigmoid_prime_hint(tmp_path):
    course = make_course(tmp_path, solved=[1])
    _grading(course, SIGMOID_PASSES_PRIME_FAILS)
    run = run_checks(course, "hint", "1")
    assert run.returncode == 0, run
    prime = function_tiers(_lesson(1), "sigmoid_prime")
    sigmoid = function_tiers(_lesson(1), "sigmoid")
    assert "sigmoid_prime fails the check" in run.stdout, run
    assert "Lesson 1, sigmoid_prime, hint 1 of 3: Nudge" in run.stdout and prime[0] in run.stdout, run
    assert sigmoid[0] not in run.stdout and hint_tiers(_lesson(1))[0] not in run.stdout, run
    again = run_checks(course, "hint", "1")  # the next tier only: the earlier one is not printed again
    assert prime[1] in again.stdout and prime[0] not in again.stdout and prime[2] not in again.stdout, again


def test_a_named_mistake_gets_its_hint_first(tmp_path):
    mistake = ("the output error has an extra sigma'(Z2): this is the squared-error gradient, "
               "not the cross-entropy's")
    course = make_course(tmp_path, solved=[1, 2, 3])
    _grading(course, {"4": {"status": "failing", "checks": [
        _check("test_backward_matches_reference", ["backward"], "failed", mistake),
        _check("test_backward_gradient_check", ["backward"], "failed", None)]}})
    phrase, text = mistake_hint(mistake)
    assert phrase == "squared-error gradient"
    first = run_checks(course, "hint", "4")
    assert first.returncode == 0, first
    assert text in first.stdout and mistake in first.stdout, first
    tiers = function_tiers(_lesson(4), "backward")
    assert tiers[0] not in first.stdout, "the mistake's hint comes before the function's tiers"
    second = run_checks(course, "hint", "4")
    assert tiers[0] in second.stdout and text not in second.stdout and tiers[1] not in second.stdout, second


@pytest.mark.parametrize("phrase", ["squared-error gradient", "np.where computes both branches", "uses tanh",
                                    "log(A2 + eps)"])
def test_the_new_named_mistakes_have_hints(phrase):
    found = mistake_hint(f"some words before; {phrase}; and after")
    assert found and found[0].lower() == phrase.lower()


def test_every_mistake_the_checks_name_in_lessons_1_to_4_finds_a_hint():
    """The literal mistake texts of the core checks (read, not imported) each match a hint."""
    import ast
    missing = []
    for lesson in LESSONS[:4]:
        tree = ast.parse(lesson.check_file.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "mistake" and isinstance(node.value, ast.Constant) \
                    and isinstance(node.value.value, str):
                if mistake_hint(node.value.value) is None:
                    missing.append(node.value.value)
            if isinstance(node, ast.Dict):  # the `mistakes={text: value}` of expect_array
                for key in node.keys:
                    if isinstance(key, ast.Constant) and isinstance(key.value, str) and len(key.value) > 25 \
                            and mistake_hint(key.value) is None:
                        missing.append(key.value)
    assert not missing, missing


def test_tier_option_shows_that_tier_of_the_failing_function(tmp_path):
    course = make_course(tmp_path, solved=[1])
    _grading(course, SIGMOID_PASSES_PRIME_FAILS)
    run = run_checks(course, "hint", "1", "--tier", "3")
    prime = function_tiers(_lesson(1), "sigmoid_prime")
    assert run.returncode == 0 and prime[2] in run.stdout and prime[0] not in run.stdout, run


def _shown_tiers(run, lesson=1):
    return [int(n) for n in re.findall(rf"^Lesson {lesson}, (?:\w+, )?hint (\d) of 3: ", run.stdout, re.M)]


def test_without_a_grading_the_hints_come_in_order_one_at_a_time(tmp_path):
    course = make_course(tmp_path)
    tiers = hint_tiers(_lesson(1))
    for expected in (1, 2, 3, 3):  # the next tier only; the last one stays
        run = run_checks(course, "hint", "1")
        assert _shown_tiers(run) == [expected] and tiers[expected - 1] in run.stdout, run
    assert "That was the last hint" in run.stdout, run


def test_the_tier_option_leaves_the_ladder_where_it_is(tmp_path):
    course = make_course(tmp_path)
    assert _shown_tiers(run_checks(course, "hint", "1", "--tier", "3")) == [3]
    assert _shown_tiers(run_checks(course, "hint", "1")) == [1]
    assert _shown_tiers(run_checks(course, "hint", "1", "--tier", "1")) == [1]
    assert _shown_tiers(run_checks(course, "hint", "1")) == [2]
    _grading(course, SIGMOID_PASSES_PRIME_FAILS)  # the same with a failure to answer
    assert _shown_tiers(run_checks(course, "hint", "1", "--tier", "2")) == [2]
    assert _shown_tiers(run_checks(course, "hint", "1")) == [1]


def test_a_new_grading_starts_the_ladder_again(tmp_path):
    """The same failure graded again (same result) goes on; a grading with another result starts over."""
    course = make_course(tmp_path, solved=[1])
    _grading(course, SIGMOID_PASSES_PRIME_FAILS)
    assert [_shown_tiers(run_checks(course, "hint", "1")) for _ in range(2)] == [[1], [2]]
    _grading(course, SIGMOID_PASSES_PRIME_FAILS)  # graded again, nothing changed
    assert _shown_tiers(run_checks(course, "hint", "1")) == [3]
    changed = json.loads(json.dumps(SIGMOID_PASSES_PRIME_FAILS))
    changed["1"]["checks"][2]["message"] = "sigmoid_prime: another input, another difference"
    _grading(course, changed)
    assert _shown_tiers(run_checks(course, "hint", "1")) == [1]


def test_a_passing_lesson_or_an_unreadable_grading_means_hints_in_order(tmp_path):
    course = make_course(tmp_path, solved=[1])
    path = _grading(course, {"1": {"status": "passing", "checks": []}})
    run = run_checks(course, "hint", "1")
    assert "Lesson 1, hint 1 of 3: Nudge" in run.stdout, run
    path.write_text("{not json")
    run = run_checks(course, "hint", "1", "--tier", "2")
    assert run.returncode == 0 and hint_tiers(_lesson(1))[1] in run.stdout, run


def test_a_not_started_function_gets_its_own_first_hint(tmp_path):
    course = make_course(tmp_path)
    _grading(course, {"2": {"status": "failing", "checks": [
        _check("test_init_params_shapes_and_dtype", ["init_params"], "passed"),
        _check("test_forward_matches_reference", ["forward"], "not started")]}})
    run = run_checks(course, "hint", "2")
    assert "forward is not started yet" in run.stdout, run
    assert function_tiers(_lesson(2), "forward")[0] in run.stdout, run


def test_a_lesson_with_only_the_three_tier_format_still_works(tmp_path, monkeypatch):
    """Lessons 8-10 may have only NN-slug.md: targeted hints fall back to its tiers."""
    for lesson in LESSONS:
        if not (ROOT / "checks" / "hints" / f"{lesson.number:02d}-{lesson.slug}.md").exists():
            continue  # a lesson of part two before its hints are written
        if not (ROOT / "checks" / "hints" / f"{lesson.number:02d}-{lesson.slug}.functions.md").exists():
            assert function_tiers(lesson, lesson.functions[-1]) == hint_tiers(lesson)
    assert TIERS == ("Nudge", "Concept", "Nearly the answer")


def test_after_a_real_grading_the_hint_answers_its_failure(tmp_path):
    """The grader's own .checks/last-grading.json (not one written by hand) leads to the right hint."""
    source = (ROOT / "solutions" / "lesson01_sigmoid.py").read_text()
    wrong = source.replace("    return e / (1.0 + e) ** 2\n", "    return 1.0 / (1.0 + e) if False else sigmoid(z)\n")
    assert wrong != source
    course = make_course(tmp_path, files={1: wrong})
    graded = run_checks(course, "1")
    assert graded.returncode == 1 and (course / ".checks" / "last-grading.json").is_file(), graded
    run = run_checks(course, "hint", "1")
    assert "sigmoid_prime fails the check" in run.stdout, run
    assert mistake_hint("this is sigmoid(z) itself")[1] in run.stdout, run


def test_a_mistake_named_with_alternatives_gets_each_hint(tmp_path):
    mistake = "the hidden layer uses ReLU: use sigmoid; or the hidden layer uses tanh: use sigmoid"
    course = make_course(tmp_path, solved=[1])
    _grading(course, {"2": {"status": "failing", "checks": [
        _check("test_forward_matches_reference", ["forward"], "failed", mistake)]}})
    run = run_checks(course, "hint", "2")
    for phrase in ("uses relu", "uses tanh"):
        text = next(body for found, body in mistake_hints(mistake) if found == phrase)
        assert text in run.stdout, run


def test_a_lesson_not_started_gets_the_hint_of_its_first_function(tmp_path):
    """Lesson 4 untouched and graded: the hint is for numerical_gradient, the function to write first."""
    course = make_course(tmp_path)
    _grading(course, {"4": {"status": "not started", "checks": [
        _check("test_numerical_gradient_matches_known_gradients", ["numerical_gradient"], "not started"),
        _check("test_backward_matches_reference", ["backward"], "not started")]}})
    run = run_checks(course, "hint", "4")
    assert "numerical_gradient is not started yet" in run.stdout, run
    assert function_tiers(_lesson(4), "numerical_gradient")[0] in run.stdout, run
    assert function_tiers(_lesson(4), "backward")[0] not in run.stdout, run
