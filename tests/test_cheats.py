"""Cheats are blocked: a lesson file that tries to forge its verdict gets neither a pass nor the points,
leaves results.json as the grader wrote it, and changes no file of the course.

Each file in tests/cheats/ is code appended to one lesson's stub (see tests/cheats/README.md). The real
`python -m checks N --json results.json` grades it in a course copy (the lessons before N solved); two
seconds after it returns (a daemon left behind would have struck by then), the report and every course
file are compared with what they were (the cores grade the next cheats meanwhile).
"""

import ast
import hashlib
import json
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader_support import planted_lesson, LESSONS, ROOT, learner_env, make_course, run_checks, snapshot, stub

CHEATS = sorted((Path(__file__).resolve().parent / "cheats").glob("l*.py"))
PROJECT_FOLDERS = ("checks", "solutions", "worker", "digits", "experiments", "lessons")
AFTERMATH = 2.0  # seconds to wait for what a cheat left running


def planted(path: Path) -> str:
    """Lesson N's stub with the cheat's code after it (its functions replace the stub's)."""
    number = planted_lesson(path)
    return stub(number) + "\n\n# --- planted cheat ---\nimport numpy as np\n" + path.read_text()


def project_files(project: Path) -> dict:
    """A digest of every file of the course copy `project` (bytecode caches included)."""
    digests = {}
    for folder in PROJECT_FOLDERS:
        for path in sorted((project / folder).rglob("*")):
            if path.is_file():
                digests[str(path.relative_to(project))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every cheat graded, two at a time: {cheat stem: (Run, results.json text, lessons before/after)}.

    The grader runs from a copy of the project (PYTHONPATH), so that the copy's files are the
    course the cheats attack, and nothing else writing to this checkout can blur the verdict.
    """
    project = tmp_path_factory.mktemp("project")
    for folder in PROJECT_FOLDERS:
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    env = learner_env(PYTHONPATH=str(project))
    warm = make_course(tmp_path_factory.mktemp("warm-up"), solved=(1,))
    run_checks(warm, "1", env=env)  # the grader's own bytecode is written once, before the fingerprint
    before = project_files(project)

    def grade(path: Path):
        number = planted_lesson(path)
        course = make_course(tmp_path_factory.mktemp(path.stem), solved=range(1, number),
                             files={number: planted(path)})
        lessons_before = snapshot(course / "lessons")
        run = run_checks(course, str(number), "--json", "results.json", timeout=300, env=env)
        report = course / "results.json"
        return run, report.read_text() if report.exists() else None, lessons_before, course, time.monotonic()

    with ThreadPoolExecutor(max_workers=2) as pool:
        graded = dict(zip([path.stem for path in CHEATS], pool.map(grade, CHEATS)))
    results = {}
    for stem, (run, written, lessons_before, course, finished) in graded.items():
        time.sleep(max(0.0, finished + AFTERMATH - time.monotonic()))  # the next gradings ran meanwhile
        report = course / "results.json"
        results[stem] = (run, written, report.read_text() if report.exists() else None, lessons_before,
                         snapshot(course / "lessons"))
    return results, before, project_files(project)


def test_the_catalogue_covers_twenty_techniques():
    assert len(CHEATS) >= 20
    for path in CHEATS:
        assert ast.get_docstring(ast.parse(path.read_text())), f"{path.name} says not what it tries"


@pytest.mark.parametrize("path", CHEATS, ids=[path.stem for path in CHEATS])
def test_cheat_is_blocked(path, graded):
    results, project_before, project_after = graded
    run, written, later, lessons_before, lessons_after = results[path.stem]
    number = planted_lesson(path)
    lesson = LESSONS[number - 1]
    assert run.returncode == 1, f"the grading did not fail\n{run}"
    assert written is not None, f"no results.json was written\n{run}"
    report = json.loads(written)
    points = sum(test["score"] for test in report["tests"] if test["name"].startswith(f"lesson {number} "))
    assert points < lesson.points, f"the cheat got full points\n{run}"
    assert "passing" not in run.stdout.split("\n")[-3:] and f"{len(lesson.check_names)}/{len(lesson.check_names)} checks" \
        not in run.stdout, f"lesson {number} reads as passing\n{run}"
    assert later == written, "results.json changed after the grader wrote it"
    assert lessons_after == lessons_before, "the cheat changed the course copy's lessons/"
    changed = sorted(name for name in set(project_before) | set(project_after)
                     if project_before.get(name) != project_after.get(name))
    assert not changed, f"course files changed: {changed}"
