"""The student release (`python -m checks release DIR`): no reference in it, and its checks still judge.

The release is built once a session, by the real command, into a temporary folder (the fixture
`release` in tests/conftest.py); each test works on a
copy of it, driven as a student drives it (`python -m checks` run inside the release, which
imports the release's own checks, not this project's). The catalogue of wrong and right
implementations is run against the release too: tests/test_catalogue.py.
"""

import base64
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checks.instructor.release import leaked_lines, solution_lines
from grader_support import LESSONS, ROOT, learner_env, replaced, run_checks, solution


def _copy(release: Path, tmp_path: Path, files=None) -> Path:
    """A student's copy of the release, with lessons/ holding the stubs or the given files {number: text}."""
    course = tmp_path / "course"
    shutil.copytree(release, course)
    for number, text in (files or {}).items():
        (course / "lessons" / LESSONS[number - 1].filename).write_text(text)
    return course


def test_release_holds_no_line_of_the_solutions(release):
    assert not (release / "solutions").exists()
    assert len(solution_lines()) > 100  # the scan knows the reference's lines
    files = [path for path in release.rglob("*") if path.is_file()]
    assert len(files) > 60 and any(path.suffix == ".calls" for path in files)  # it scanned data files too
    assert leaked_lines(release) == []
    assert not [path for path in files if path.suffix == ".pyc" or "__pycache__" in path.parts]
    assert "solutions" not in (release / "pyproject.toml").read_text().split("packages = ")[1].splitlines()[0]
    for part in ("lessons", "checks", "worker", "digits", "docs", "mkdocs.yml", "README.md", "pyproject.toml"):
        assert (release / part).exists(), part
    assert not (release / "checks" / "instructor").exists()  # the instructor's tools stay with the instructor


def test_the_scan_finds_a_planted_line(release, tmp_path):
    """The scan is not blind: a solution line pasted into a page or hidden in a data file is found."""
    line = next(text for text in solution_lines() if "sigmoid_prime" in text or "@" in text)
    course = _copy(release, tmp_path)
    (course / "docs" / "index.md").write_text("A page\n\n    " + line + "\n")
    (course / "digits" / "blob.bin").write_bytes(b"\x00\x01" + line.encode() + b"\xff")
    found = {path for path, _ in leaked_lines(course)}
    assert found == {"docs/index.md", "digits/blob.bin"}


def test_release_stubs_are_not_started(release, tmp_path):
    course = _copy(release, tmp_path)
    run = run_checks(course)
    assert run.returncode == 1, run
    assert run.stdout.count("not started") >= len(LESSONS), run
    assert "Traceback" not in run.stdout + run.stderr, run


def test_release_grades_a_solved_course_in_full(release, tmp_path):
    course = _copy(release, tmp_path, {lesson.number: solution(lesson.number) for lesson in LESSONS})
    run = run_checks(course, "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "--json", "results.json",
                     timeout=900)
    assert run.returncode == 0, run
    report = json.loads((course / "results.json").read_text())
    assert report["score"] == pytest.approx(200.0), run
    assert not (course / "lessons" / "__pycache__").exists()


def test_a_failing_earlier_lesson_is_named_first(release, tmp_path):
    """Lesson 2 runs the student's own lesson 1: while that fails, lesson 2 says to fix lesson 1 first."""
    wrong_sigmoid = replaced(solution(1), "return np.where(z >= 0", "return 0.5 * np.where(z >= 0")
    course = _copy(release, tmp_path, {1: wrong_sigmoid, 2: solution(2), 3: solution(3)})
    run = run_checks(course, "2", "3")
    assert run.returncode == 1, run
    assert "fix lesson 1 first" in run.stdout, run
    assert "Lesson 3" in run.stdout and "4/4 checks" in run.stdout, run  # lesson 3 uses nothing of lesson 1


def test_a_failure_shows_the_smallest_stored_example_and_a_replay(release, tmp_path):
    mirrored = replaced(solution(1), "return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
                        "return np.where(z >= 0, e / (1.0 + e), 1.0 / (1.0 + e))")  # sigmoid(-z)
    course = _copy(release, tmp_path, {1: mirrored})
    run = run_checks(course, "1")
    assert run.returncode == 1, run
    assert "sigmoid(-z)" in run.stdout, run  # the named mistake, as the full grader names it
    replays = sorted((course / ".checks" / "replay").glob("lesson01_sigmoid-*.py"))
    assert replays, run
    done = subprocess.run([sys.executable, str(replays[0])], cwd=course, capture_output=True, text=True,
                          env=learner_env(PYTHONPATH=str(course)), timeout=120)
    assert done.returncode == 0 and "expected:" in done.stdout, done.stdout + done.stderr
    assert "solutions" not in replays[0].read_text()


@pytest.mark.parametrize("where", ["existing", "inside"])
def test_release_refuses_a_bad_folder(where, tmp_path):
    target = {"existing": tmp_path, "inside": ROOT / "lessons" / "release"}[where]
    if where == "existing":
        (tmp_path / "something").write_text("mine")
    done = subprocess.run([sys.executable, "-m", "checks", "release", str(target)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: "), done.stderr
    assert (tmp_path / "something").read_text() == "mine" if where == "existing" else not target.exists()


def test_release_docs_build_offline_without_the_reference(release, tmp_path):
    """The release's site builds from its rendered pages: figures and numbers in, no hook that runs solutions/."""
    course = _copy(release, tmp_path)
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=course,
                          capture_output=True, text=True, timeout=300, env=learner_env(NO_MKDOCS_2_WARNING="1"))
    assert done.returncode == 0, done.stdout + done.stderr
    page = (site / "lessons" / "04-backward" / "index.html").read_text()
    figures = [name for name in page.split('src="')[1:] if "figures/" in name.split('"')[0]]
    assert figures, "lesson 4's page shows no figure"
    for reference in figures:
        path = (site / "lessons" / "04-backward" / reference.split('"')[0]).resolve()
        assert path.is_file(), path
    assert "{{" not in page  # every placeholder of the hooks was filled in when the release was built


def test_release_holds_the_notebooks_made_from_its_stubs(release):
    """notebooks/<module>.ipynb for every lesson; each lesson cell is the release's stub; the pages carry no markers."""
    import nbformat

    from checks.notebook import cell_file_text

    for lesson in LESSONS:
        book = nbformat.read(release / "notebooks" / f"{lesson.module}.ipynb", as_version=4)
        nbformat.validate(book)
        cells = [c.source for c in book.cells if c.cell_type == "code" and c.source.startswith("%%writefile ")]
        assert len(cells) == 1
        first, _, body = cells[0].partition("\n")
        assert first == f"%%writefile lessons/{lesson.filename}"
        assert cell_file_text(body) == (release / "lessons" / lesson.filename).read_text()
    for page in (release / "docs").rglob("*.md"):
        assert "<!-- " not in page.read_text() and "{{" not in page.read_text(), page


def test_the_release_offers_students_no_instructor_command_and_grades_for_github_classroom(release, tmp_path):
    course = _copy(release, tmp_path, {1: solution(1)})
    helped = run_checks(course, "--help", env=learner_env())
    assert helped.returncode == 0 and "grade-class" not in helped.stdout and "autograder" not in helped.stdout, helped
    assert "classroom" in helped.stdout
    refused = run_checks(course, "grade-class", "submissions", "--out", "grades", env=learner_env())
    assert refused.returncode == 2 and "not part of the student release" in refused.stderr, refused
    assert len(refused.stderr.strip().splitlines()) == 1 and "Traceback" not in refused.stderr
    from checks.classroom import WORKFLOW

    workflow = (course / ".github" / "workflows" / "classroom.yml").read_text()
    assert workflow == WORKFLOW and "python -m checks classroom" in workflow
    assert "classroom-resources/autograding-grading-reporter@v1" in workflow
    output = tmp_path / "github-output"
    graded = run_checks(course, "classroom", "1", "2", env=learner_env(GITHUB_OUTPUT=str(output)))
    assert graded.returncode == 0, graded
    result = json.loads(base64.b64decode(output.read_text().strip().removeprefix("result=")))
    assert result["max_score"] == 25 and sum(test["score"] for test in result["tests"]) == 10, result
