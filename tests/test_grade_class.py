"""`python -m checks grade-class`: a class graded in one command, each submission on its own, the same
grades byte for byte on a re-run, unchanged students skipped, and bad input in one line."""

import csv
import io
import os
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from checks.instructor.submissions import lesson_files
from grader_support import (SOLUTIONS, STUBS, first_in, gradescope_metadata, learner_env, on_a_terminal,
                            run_checks)

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
    assert b"lesson07_classifier.py is not in your submission: hand it in" in graded[3]["reports/carol.txt"]
    assert b"restore the stub" not in graded[3]["reports/carol.txt"]  # advice for a course folder, not a hand-in
    assert grades["carol"]["status"] == "graded" and grades["carol"]["error"] == "not handed in: lesson 7"
    summary = graded[3]["summary.md"].decode()
    assert "| 4. Backpropagation | 2 of 4 |" in summary, summary
    assert "eve: error (cannot read the submission" in summary


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
    # Graded as a hand-in, as grade-class grades it: files named where dave put them (flat).
    submitted = lesson_files([("", lessons)]).grader_env()
    own = run_checks(tmp_path, *map(str, PART_ONE), "--lessons-dir", str(lessons), "--json", "results.json",
                     "--exam-secret", str(graded[0].course / "out" / "exam-secret"),  # dave's own exam
                     env=learner_env(NO_COLOR="1", COLUMNS="100", CHECKS_SUBMISSION=submitted), timeout=600)
    assert own.returncode == 1, own
    assert after["results/dave.json"] == (tmp_path / "results.json").read_bytes()
    report = "\n".join(line for line in own.stdout.splitlines() if not line.strip().startswith("replay: ")) + "\n"
    header, graded_part = after["reports/dave.txt"].decode().split("\n\n", 1)
    assert header.startswith("Submission dave: lesson01_sigmoid.py, ") and graded_part == report
    assert "Lesson 4: Backpropagation (lesson04_backward.py)" in report
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
    assert grades["slow"]["status"] == "timed out" and "longer than 10 s" in grades["slow"]["error"], grades
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


GRADESCOPE_METADATA = gradescope_metadata({
    "submission_111": ("2026-12-01 20:00:00.000000000 Z", [("Ada Lovelace", "06758767", "ada@example.edu"),
                                                          ("Bob Babbage", "06754968", "bob@example.edu")]),
    "submission_222": ("2026-12-03 01:00:00.000000000 Z", [("Cy Young", "06828527", "cy@example.edu")]),
    "submission_333": ("2026-12-01 10:00:00.000000000 Z", [("Di Readme", "06433975", "di@example.edu")]),
})


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A Gradescope export zip dropped in the submissions folder (a group, a syntax error handed in two days
    late, a README alone), beside a zip whose lesson 3 is a symbolic link to the reference and whose lesson 2 is
    2 MB, and a folder whose lesson 1 never ends; graded on lessons 1-3 with a roster, a deadline and
    --similarity, then again unchanged, then with --only one student."""
    folder = tmp_path_factory.mktemp("exported")
    export = folder / "made" / "assignment_4242_export"
    for key in ("submission_111", "submission_222", "submission_333"):
        (export / key).mkdir(parents=True)
    for path in sorted(SOLUTIONS.glob("lesson0[1-3]*.py")):
        for key in ("submission_111", "submission_222"):
            (export / key / path.name).write_bytes(path.read_bytes())
    (export / "submission_222" / "lesson02_forward.py").write_text("def forward(:\n")
    (export / "submission_333" / "README.md").write_text("I could not finish.\n")
    (export / "submission_metadata.yml").write_text(GRADESCOPE_METADATA)
    submissions = folder / "submissions"
    submissions.mkdir()
    with zipfile.ZipFile(submissions / "assignment_4242_export.zip", "w") as archive:
        for path in sorted(export.rglob("*")):
            archive.write(path, str(path.relative_to(export.parent)))
    with zipfile.ZipFile(submissions / "fay.zip", "w") as archive:
        archive.write(SOLUTIONS / "lesson01_sigmoid.py", "fay/lesson01_sigmoid.py")
        archive.writestr("fay/lesson02_forward.py", "#" * (2 * 1024 ** 2))
        link = zipfile.ZipInfo("fay/lesson03_loss.py")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, str(SOLUTIONS / "lesson03_loss.py"))
    (submissions / "gus").mkdir()
    (submissions / "gus" / "lesson01_sigmoid.py").write_text(first_in(1, "sigmoid", "while True:\n    pass"))
    roster = folder / "roster.csv"
    roster.write_text("id,name,email\n06758767,Ada Lovelace,ada@example.edu\n06754968,Bob Babbage,bob@example.edu\n"
                      "06828527,Cy Young,cy@example.edu\n06433975,Di Readme,di@example.edu\n"
                      "07000000,Hal Absent,hal@example.edu\nfay,Fay Link,fay@example.edu\n"
                      "gus,Gus Loop,gus@example.edu\n")
    out = folder / "out"
    args = ("grade-class", str(submissions), "--out", str(out), "--lessons", "1-3", "--roster", str(roster),
            "--deadline", "2026-12-02T00:00Z", "--late-penalty", "10", "--similarity", "--jobs", "2")
    first = run_checks(folder, *args, timeout=900)
    before = _files(out)
    again = run_checks(folder, *args, timeout=300)
    unchanged = _files(out)
    only = run_checks(folder, *args, "--only", "cy@example.edu", timeout=300)
    return first, again, only, before, unchanged, _files(out)


def test_an_export_is_graded_student_by_student_with_statuses_that_tell_the_truth(exported):
    first, _, _, files, *_ = exported
    assert first.returncode == 0, first
    grades = {row["student"]: row for row in csv.DictReader(io.StringIO(files["grades.csv"].decode()))}
    assert sorted(grades) == ["06433975", "06754968", "06758767", "06828527", "07000000", "fay", "gus"]
    for sid, name in (("06758767", "Ada Lovelace"), ("06754968", "Bob Babbage")):  # a group: a row each
        assert (grades[sid]["name"], grades[sid]["total"], grades[sid]["status"]) == (name, "35.00", "graded")
        assert grades[sid]["days late"] == "0" and grades[sid]["submitted"] == "2026-12-01 20:00:00 UTC"
    cy = grades["06828527"]
    assert cy["status"] == "syntax error in lesson 2", cy
    assert cy["error"].startswith("lesson02_forward.py has a syntax error at line 1"), cy
    assert (cy["days late"], cy["penalty %"]) == ("2", "20")
    assert float(cy["total"]) == pytest.approx(round(float(cy["points before penalty"]) * 0.8, 2))
    assert grades["06433975"]["status"] == "no lesson files" and "1 other file" in grades["06433975"]["error"]
    assert grades["07000000"]["status"] == "no submission"
    fay = grades["fay"]
    assert fay["status"] == "lesson 2 is too large; lesson 3 is a symbolic link", fay
    assert (fay["lesson 1"], fay["lesson 3"]) == ("10.00", "0.00")
    assert grades["gus"]["status"] == "lesson 1 timed out", grades["gus"]
    report = files["reports/fay.txt"].decode()
    assert "fay/lesson03_loss.py is a symbolic link, not a file" in report and "syntax error" not in report
    assert "fay/lesson02_forward.py is 2.0 MB" in report and "restore the stub" not in report
    assert files["reports/06758767.txt"] == files["reports/06754968.txt"]
    assert files["results/06758767.json"] == files["results/06754968.json"]
    scores = dict(line.split(",") for line in files["scores.csv"].decode().splitlines()[1:])
    assert scores == {sid: row["total"] for sid, row in grades.items()}
    canvas = list(csv.reader(io.StringIO(files["canvas.csv"].decode())))
    assert canvas[1][-1] == "35" and ["Cy Young", "", "06828527"] == canvas[2 + sorted(grades).index("06828527")][:3]
    summary = files["summary.md"].decode()
    assert "06828527: syntax error in lesson 2" in summary and "07000000: no submission" in summary
    assert "- 06828527: 2 days late, -20%" in summary
    similarity = files["similarity.md"].decode()
    assert "| **100%** | fay (Fay Link) | submission_111 (Ada Lovelace, Bob Babbage) |" in similarity, similarity
    assert "graded 4 submissions, 1 with nothing to grade" in first.stdout, first
    progress = [line for line in first.stdout.splitlines() if line.startswith("[")]  # not a terminal: plain lines
    assert [line.split("]")[0] for line in progress] == ["[1/4", "[2/4", "[3/4", "[4/4"], first.stdout
    assert all(" left" in line and "last: " in line for line in progress), progress


def test_on_a_terminal_progress_is_a_bar_with_counts_and_the_last_graded(tmp_path):
    (tmp_path / "submissions" / "ann").mkdir(parents=True)
    (tmp_path / "submissions" / "ann" / "lesson01_sigmoid.py").write_bytes(
        (SOLUTIONS / "lesson01_sigmoid.py").read_bytes())
    code, shown = on_a_terminal(tmp_path, "grade-class", str(tmp_path / "submissions"), "--out", str(tmp_path / "out"),
                                "--lessons", "1", env=learner_env(COLUMNS="160"), seconds=240)
    assert code == 0, shown
    assert "0/1" in shown and "1/1" in shown and "last: ann 10.00 (graded)" in shown, shown
    assert "[1/1]" not in shown  # the bar, not plain lines


def test_a_rerun_says_it_skipped_everyone_and_only_regrades_one_student(exported):
    _, again, only, before, unchanged, after = exported
    assert again.returncode == 0 and "nothing to grade: all 5 submissions are unchanged" in again.stdout, again
    assert only.returncode == 0 and "graded 1 submission, skipped 4 unchanged" in only.stdout, only
    assert unchanged == before and after == before


def test_a_stopped_run_leaves_the_grades_so_far_and_resumes(tmp_path):
    submissions = tmp_path / "submissions"
    for student in ("quick", "slow"):
        (submissions / student).mkdir(parents=True)
    (submissions / "quick" / "lesson01_sigmoid.py").write_bytes((SOLUTIONS / "lesson01_sigmoid.py").read_bytes())
    hung = first_in(1, "sigmoid", "while True:\n    pass")
    (submissions / "slow" / "lesson01_sigmoid.py").write_text(
        hung.replace("def sigmoid_prime(z):", "def sigmoid_prime(z):\n    while True:\n        pass", 1))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "checks", "grade-class", str(submissions), "--out", str(out), "--lessons", "1",
               "--jobs", "1"]
    running = subprocess.Popen(command, cwd=tmp_path, env=learner_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and b"quick," not in (out / "grades.csv").read_bytes() \
                if (out / "grades.csv").exists() else time.monotonic() < deadline:
            time.sleep(0.2)
        assert running.poll() is None, "grade-class ended before it could be stopped"
    finally:
        os.killpg(running.pid, signal.SIGKILL)
        running.wait()
    grades = {row["student"]: row for row in csv.DictReader(io.StringIO((out / "grades.csv").read_text()))}
    assert grades["quick"]["total"] == "10.00" and "slow" not in grades, grades
    resumed = run_checks(tmp_path, "grade-class", str(submissions), "--out", str(out), "--lessons", "1",
                         "--time-limit", "5", timeout=300)
    assert "graded 1 submission, skipped 1 unchanged" in resumed.stdout, resumed
    grades = {row["student"]: row for row in csv.DictReader(io.StringIO((out / "grades.csv").read_text()))}
    assert grades["slow"]["status"] == "timed out" and grades["quick"]["total"] == "10.00", grades
