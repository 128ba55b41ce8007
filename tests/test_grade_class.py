"""`python -m checks grade-class`: a class graded in one command, each submission on its own, the same
grades byte for byte on a re-run, unchanged students skipped, and bad input in one line."""

import csv
import io
import time
import zipfile
from pathlib import Path

import pytest

from grader_support import SOLUTIONS, STUBS, first_in, learner_env, run_checks

PART_ONE = range(1, 8)


def _class(folder: Path) -> Path:
    """alice: every lesson solved, flat; bob: the stubs under lessons/; carol: a zip of lessons 1-6 under
    lessons/ (lesson 7 missing); dave: lesson 4 wrong; eve: a .zip that is not one."""
    submissions = folder / "submissions"
    for student in ("alice", "bob", "dave"):
        (submissions / student).mkdir(parents=True)
    for path in SOLUTIONS.glob("lesson0*.py"):
        (submissions / "alice" / path.name).write_bytes(path.read_bytes())
        (submissions / "dave" / path.name).write_bytes(path.read_bytes())
    (submissions / "dave" / "lesson04_backward.py").write_text(
        first_in(4, "backward", "X = X * 2  # a wrong gradient for every weight of W1"))
    (submissions / "bob" / "lessons").mkdir()
    for path in STUBS.glob("lesson0*.py"):
        (submissions / "bob" / "lessons" / path.name).write_bytes(path.read_bytes())
    with zipfile.ZipFile(submissions / "carol.zip", "w") as archive:
        for path in sorted(SOLUTIONS.glob("lesson0[1-6]*.py")):
            archive.write(path, f"carol/lessons/{path.name}")
    (submissions / "eve.zip").write_text("this is not a zip")
    return submissions


def _files(out: Path) -> dict:
    return {str(path.relative_to(out)): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    submissions = _class(folder)
    out = folder / "out"
    first = run_checks(folder, "grade-class", str(submissions), "--out", str(out), "--jobs", "2", timeout=1200)
    before = _files(out)
    started = time.perf_counter()
    again = run_checks(folder, "grade-class", str(submissions), "--out", str(out), timeout=600)
    skipped_in = time.perf_counter() - started
    unchanged = _files(out)
    # dave is graded after alice or carol in the same class runner (bob's stubs take no time); his exam is
    # his own (the class's secret and his files), so nothing their passing runs kept is replayed for him.
    regrade = run_checks(folder, "grade-class", str(submissions), "--out", str(out), "--jobs", "2", "--regrade",
                         timeout=1200)
    return first, again, regrade, before, unchanged, _files(out), skipped_in


def test_the_class_is_graded_each_submission_on_its_own(graded):
    first, *_ = graded
    assert first.returncode == 0, first
    grades = {row["student"]: row for row in csv.DictReader(io.StringIO(graded[3]["grades.csv"].decode()))}
    assert set(grades) == {"alice", "bob", "carol", "dave", "eve"}
    assert grades["alice"]["total"] == "100.00" and grades["alice"]["status"] == "graded"
    assert grades["bob"]["total"] == "0.00" and grades["bob"]["status"] == "graded"
    assert grades["carol"]["lesson 7"] == "0.00" and grades["carol"]["lesson 6"] == "15.00"
    assert grades["dave"]["lesson 4"] != "25.00" and grades["dave"]["lesson 3"] == "10.00"
    assert grades["eve"]["status"] == "error" and "not a zip" not in grades["eve"]["total"]
    assert "neither a folder nor a zip file" in grades["eve"]["error"]
    for student in ("alice", "bob", "carol", "dave"):
        assert f"results/{student}.json" in graded[3] and f"reports/{student}.txt" in graded[3]
    assert b"lessons/lesson07_classifier.py is missing" in graded[3]["reports/carol.txt"]
    summary = graded[3]["summary.md"].decode()
    assert "| 4. Backpropagation | 2 of 4 |" in summary, summary
    assert "eve: cannot read the submission" in summary


def test_unchanged_students_are_skipped_and_a_regrade_is_byte_for_byte_the_same(graded):
    first, again, regrade, before, unchanged, after, skipped_in = graded
    assert again.returncode == 0 and regrade.returncode == 0
    assert skipped_in < 20, f"a re-run with nothing changed took {skipped_in:.1f} s: it graded again"
    assert unchanged == before
    assert after == before, sorted(name for name in after if after.get(name) != before.get(name))


def test_each_student_gets_what_their_own_grader_says(graded, tmp_path):
    """A class runner (warm pytest processes, one at a time, passing draws replayed) against a fresh
    `python -m checks` (a process per core, hypothesis from scratch) on the class's secret: the same
    results and report."""
    *_, after, _ = graded
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    for path in SOLUTIONS.glob("lesson0*.py"):
        (lessons / path.name).write_bytes(path.read_bytes())
    (lessons / "lesson04_backward.py").write_text(first_in(4, "backward", "X = X * 2  # a wrong gradient for every weight of W1"))
    own = run_checks(tmp_path, *map(str, PART_ONE), "--lessons-dir", str(lessons), "--json", "results.json",
                     "--exam-secret", str(graded[0].course / "out" / "exam-secret"),  # dave's own exam
                     env=learner_env(NO_COLOR="1", COLUMNS="100"), timeout=600)
    assert own.returncode == 1, own
    assert after["results/dave.json"] == (tmp_path / "results.json").read_bytes()
    report = "\n".join(line for line in own.stdout.splitlines() if not line.strip().startswith("replay: ")) + "\n"
    assert after["reports/dave.txt"].decode() == report
    assert "fix lesson 4 first" in report  # lesson 7's chain checks, blocked in both


def test_a_submission_that_outlasts_its_limit_fails_alone(tmp_path):
    submissions = tmp_path / "submissions"
    for student in ("slow", "quick"):
        (submissions / student).mkdir(parents=True)
    hung = first_in(1, "sigmoid", "while True:\n    pass")  # each function costs one time limit (10 s)
    hung = hung.replace("def sigmoid_prime(z):", "def sigmoid_prime(z):\n    while True:\n        pass", 1)
    (submissions / "slow" / "lesson01_sigmoid.py").write_text(hung)
    (submissions / "quick" / "lesson01_sigmoid.py").write_bytes((SOLUTIONS / "lesson01_sigmoid.py").read_bytes())
    # 10 s: the hung submission's two functions would take 20 s (a check time limit each); the quick
    # one needs about 4 s, graded beside it (--jobs 2, the default here).
    run = run_checks(tmp_path, "grade-class", str(submissions), "--out", str(tmp_path / "out"), "--time-limit", "10",
                     "--jobs", "2", timeout=300)
    grades = {row["student"]: row for row in csv.DictReader(io.StringIO((tmp_path / "out" / "grades.csv").read_text()))}
    assert run.returncode == 0, run
    assert grades["slow"]["status"] == "error" and "longer than 10 s" in grades["slow"]["error"], grades
    assert grades["quick"]["lesson 1"] == "10.00", grades


@pytest.mark.parametrize("setup, expected", [
    (lambda folder: None, "no submissions at"),
    (lambda folder: folder.mkdir(), "holds no submission"),
    (lambda folder: folder.write_text("x"), "is not a zip file"),
], ids=["missing", "empty", "not a zip"])
def test_bad_input_is_one_line_and_exit_2(tmp_path, setup, expected):
    folder = tmp_path / "submissions"
    setup(folder)
    run = run_checks(tmp_path, "grade-class", str(folder), "--out", str(tmp_path / "out"))
    assert run.returncode == 2 and expected in run.stderr and len(run.stderr.strip().splitlines()) == 1, run


def test_an_output_folder_inside_the_submissions_is_refused(tmp_path):
    (tmp_path / "submissions" / "alice").mkdir(parents=True)
    run = run_checks(tmp_path, "grade-class", str(tmp_path / "submissions"), "--out",
                     str(tmp_path / "submissions" / "out"))
    assert run.returncode == 2 and "inside the submissions" in run.stderr, run
