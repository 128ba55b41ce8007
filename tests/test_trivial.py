"""No points for no work: lessons whose functions return constants, their input, zeros, or the
untrained initial parameters earn exactly 0 points each (tests/trivial/README.md)."""

import json
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader_support import planted_lesson, LESSONS, make_course, run_checks, stub

VARIANTS = sorted((Path(__file__).resolve().parent / "trivial").glob("l*.py"))


def _kinds():
    kinds = defaultdict(dict)
    for path in VARIANTS:
        kinds[path.stem.split("_", 1)[1]][planted_lesson(path)] = path
    return dict(kinds)


@pytest.fixture(scope="module")
def gradings(tmp_path_factory):
    """{kind: results.json of the whole course with every lesson of that kind planted}."""
    def grade(item):
        kind, paths = item
        files = {number: stub(number) + "\n\nimport numpy as np\n" + path.read_text() for number, path in paths.items()}
        course = make_course(tmp_path_factory.mktemp(kind), files=files)
        run = run_checks(course, *[str(number) for number in sorted(paths)], "--json", "results.json", timeout=600)
        return kind, (run, json.loads((course / "results.json").read_text()))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(grade, _kinds().items()))


def test_every_lesson_has_trivial_variants():
    assert {planted_lesson(path) for path in VARIANTS} == {lesson.number for lesson in LESSONS if lesson.part == 1}


@pytest.mark.parametrize("path", VARIANTS, ids=[path.stem for path in VARIANTS])
def test_trivial_lesson_earns_nothing(path, gradings):
    run, report = gradings[path.stem.split("_", 1)[1]]
    number = planted_lesson(path)
    tests = [test for test in report["tests"] if test["name"].startswith(f"lesson {number} ")]
    assert tests, f"lesson {number} was not graded\n{run}"
    earned = {test["name"]: test["score"] for test in tests if test["score"] > 0}
    assert not earned, f"{path.stem} earned points for no work: {earned}\n{run}"
