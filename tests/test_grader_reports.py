"""The grader's reports, driven as a learner drives them (`python -m checks` in a course copy):
the overview table on stubs, a partly solved and a solved course; Gradescope's results.json
(its fields, and the same bytes on a second run); JUnit XML; no ANSI escapes when piped,
no colour with NO_COLOR on a terminal."""

import re
from xml.etree import ElementTree

import pytest

from grader_support import ANSI, COLOUR, LESSONS, learner_env, on_a_terminal, run_checks, table, validate_gradescope

N_CHECKS = {lesson.number: len(lesson.check_names) for lesson in LESSONS}
TOTAL_CHECKS = sum(N_CHECKS[lesson.number] for lesson in LESSONS if lesson.part == 1)  # part two untouched: not reported


# --- the overview table -----------------------------------------------------------------------

def test_table_on_the_pristine_stubs(stub_run):
    rows = table(stub_run.stdout)
    assert stub_run.returncode == 1, stub_run
    assert sorted(rows) == [lesson.number for lesson in LESSONS], stub_run
    for lesson in LESSONS:
        row = rows[lesson.number]
        assert row.title == lesson.title, stub_run
        assert row.status == "not started", stub_run
        assert row.checks == f"0/{N_CHECKS[lesson.number]}", stub_run
        assert row.points == f"0.0/{lesson.points}", stub_run
    assert "0.0/100 points, 0 of 7 lessons passing" in stub_run.stdout, stub_run
    assert stub_run.stdout.rstrip().splitlines()[-1] == "next: lesson 1, sigmoid: run `python -m checks 1`", \
        stub_run
    assert stub_run.stderr == "", stub_run


def test_table_on_a_partly_solved_course(partly_solved_run):
    run = partly_solved_run
    rows = table(run.stdout)
    assert run.returncode == 1, run
    for number in (1, 2, 3):
        assert rows[number].status == "passing", run
        assert rows[number].checks == f"{N_CHECKS[number]}/{N_CHECKS[number]}", run
        assert rows[number].points == f"{LESSONS[number - 1].points:.1f}/{LESSONS[number - 1].points}", run
    for number in (4, 5, 6, 7):
        assert rows[number].status == "not started", run
        assert rows[number].checks == f"0/{N_CHECKS[number]}", run
    assert "35.0/100 points, 3 of 7 lessons passing" in run.stdout, run
    assert f"next: lesson 4, {LESSONS[3].functions[0]}: run `python -m checks 4`" in run.stdout, run


def test_table_on_a_solved_course(solved_run):
    """Lessons 1-7 solved, part two untouched: exit 0, and the course is said to be complete."""
    rows = table(solved_run.stdout)
    assert solved_run.returncode == 0, solved_run
    assert len(rows) == len(LESSONS), solved_run
    for lesson in LESSONS:
        if lesson.part == 1:
            assert rows[lesson.number].status == "passing", solved_run
            assert rows[lesson.number].checks == f"{N_CHECKS[lesson.number]}/{N_CHECKS[lesson.number]}", solved_run
        else:
            assert rows[lesson.number].status == "not started", solved_run
    assert "100.0/100 points, 7 of 7 lessons passing" in solved_run.stdout, solved_run
    assert "next:" not in solved_run.stdout, solved_run
    assert "The course is complete" in solved_run.stdout and "optional" in solved_run.stdout, solved_run


# --- Gradescope's results.json and JUnit XML ----------------------------------------------------

@pytest.mark.parametrize("name, n_tests, score", [
    ("solved_run", TOTAL_CHECKS, 100.0), ("partly_solved_run", TOTAL_CHECKS, 35.0),
    ("sum_not_mean_run", N_CHECKS[4], None), ("blocked_run", N_CHECKS[7], None)])
def test_json_has_the_gradescope_fields(request, name, n_tests, score):
    run = request.getfixturevalue(name)
    results = run.extra["json"]
    assert results is not None, f"no results.json written\n{run}"
    validate_gradescope(results, n_tests)
    if score is not None:
        assert results["score"] == pytest.approx(score) and results["max_score"] == 100
    passed = sum(test["status"] == "passed" for test in results["tests"])
    assert passed == _passed_on_screen(run), f"results.json and the terminal disagree\n{run}"


def _passed_on_screen(run) -> int:
    """How many checks the terminal view says passed (the table, or one lesson's 'N/M checks')."""
    rows = table(run.stdout)
    if rows:
        return sum(int(row.checks.split("/")[0]) for row in rows.values())
    return sum(int(found) for found in re.findall(r"^  (\d+)/\d+ checks,", run.stdout, re.M))


def test_json_is_identical_on_a_second_run(sum_not_mean_run):
    """Same files, same verdicts, messages (shrunk inputs included) and points: the same bytes."""
    first = (sum_not_mean_run.course / "results.json").read_bytes()
    again = run_checks(sum_not_mean_run.course, "4", "--json", "again.json")
    assert again.returncode == sum_not_mean_run.returncode, again
    assert (sum_not_mean_run.course / "again.json").read_bytes() == first
    assert again.stdout == sum_not_mean_run.stdout


@pytest.mark.parametrize("name", ["solved_run", "partly_solved_run"])
def test_junit_parses_and_counts_every_check(request, name):
    run = request.getfixturevalue(name)
    root = ElementTree.parse(run.extra["junit"]).getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    reported = [lesson for lesson in LESSONS if lesson.part == 1]  # part two untouched: not reported
    assert [suite.get("name") for suite in suites] == [lesson.module for lesson in reported]
    results = {test["name"]: test for test in run.extra["json"]["tests"]}
    failed_in_json = sum(test["status"] == "failed" for test in results.values())
    failed_in_junit = 0
    for lesson, suite in zip(reported, suites):
        cases = suite.findall("testcase")
        assert [case.get("name") for case in cases] == list(lesson.check_names)
        failures = [case for case in cases if case.find("failure") is not None]
        assert int(suite.get("tests")) == len(cases) and int(suite.get("failures")) == len(failures)
        for case in failures:
            assert case.find("failure").get("message"), "a JUnit failure without its message"
        failed_in_junit += len(failures)
    assert failed_in_junit == failed_in_json


def test_no_report_is_written_on_a_usage_error(partly_solved_run):
    """Reports are written only after grading: a bad command line writes none."""
    course = partly_solved_run.course
    bad = run_checks(course, "11", "--json", "usage.json", "--junit", "usage.xml")
    assert bad.returncode == 2, bad
    assert not (course / "usage.json").exists() and not (course / "usage.xml").exists()


# --- colour -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["stub_run", "partly_solved_run", "solved_run", "sum_not_mean_run",
                                  "no_derivative_run", "blocked_run"])
def test_piped_output_has_no_ansi_escapes(request, name):
    run = request.getfixturevalue(name)
    assert not ANSI.search(run.stdout) and not ANSI.search(run.stderr), repr(run.stdout[:500])


def test_colour_on_a_terminal_and_none_with_no_color(partly_solved_run):
    """On a terminal the statuses are coloured; NO_COLOR removes every colour (bold may stay:
    NO_COLOR is about colour)."""
    env = learner_env(TERM="xterm-256color")
    code, coloured = on_a_terminal(partly_solved_run.course, env=env)
    assert code == 1 and COLOUR.search(coloured), repr(coloured[:600])
    code, plain = on_a_terminal(partly_solved_run.course, env={**env, "NO_COLOR": "1"})
    assert code == 1 and "passing" in plain
    assert not COLOUR.search(plain), repr(plain[:600])
