"""The class exports grade-class reads, built as the platforms write them, and the gradebooks it writes;
no grading here (tests/test_grade_class.py grades).

The shapes follow the platforms' own exports: Gradescope's "Export submissions" (a folder per
submission and submission_metadata.yml, keys `:submitters` with `:name`, `:sid`, `:email`, and
`:created_at` as `2023-12-02 02:52:07.938335000 Z`), Canvas's "Download submissions"
(`lastfirst_[late_]USERID_ATTACHMENTID_file`, `-1` on a re-upload), Moodle's "Download all
submissions" (`Full Name_PARTICIPANT_assignsubmission_file_[file]`), GitHub Classroom's
`gh classroom clone student-repos` (ASSIGNMENT-submissions/ASSIGNMENT-USERNAME/ git repositories).
"""

import base64
import csv
import io
import json
import stat
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from checks.instructor import grade_class
from checks.instructor.grade_class import BatchError, Row, graded_from, late_policy, sure_mistakes
from checks.instructor.submissions import (ExportError, Student, extract, find_submissions, lesson_files,
                                           match_roster, read_roster)
from grader_support import LESSONS, SOLUTIONS, gradescope_metadata

SIGMOID = (SOLUTIONS / "lesson01_sigmoid.py").read_bytes()
METADATA = gradescope_metadata({
    "submission_111": ("2026-12-02 02:52:07.938335000 Z", [("Ada Lovelace", "06758767", "ada@example.edu"),
                                                          ("Bob Babbage", "06754968", "bob@example.edu")]),
    "submission_222": ("2026-11-30 22:45:14.344165000 Z", [("Cy Young", "06828527", "cy@example.edu")]),
})


def _gradescope_export(folder: Path) -> Path:
    export = folder / "assignment_4242_export"
    for key in ("submission_111", "submission_222"):
        (export / key / "lessons").mkdir(parents=True)
        (export / key / "lessons" / "lesson01_sigmoid.py").write_bytes(SIGMOID)
    (export / "submission_metadata.yml").write_text(METADATA)
    return export


def _zip(folder: Path, zip_path: Path) -> Path:
    with zipfile.ZipFile(zip_path, "w") as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, str(path.relative_to(folder.parent)))
    return zip_path


@pytest.mark.parametrize("packed", ["folder", "zip inside the submissions", "the export itself"])
def test_a_gradescope_export_gives_each_submitter_a_row_keyed_by_sid(tmp_path, packed):
    export = _gradescope_export(tmp_path / "made")
    if packed == "folder":
        submissions = tmp_path / "made"
    elif packed == "the export itself":
        submissions = export
    else:
        submissions = tmp_path / "class"
        submissions.mkdir()
        _zip(export, submissions / "assignment_4242_export.zip")
    found = {submission.key: submission for submission in find_submissions(submissions, tmp_path / "unpacked")}
    assert sorted(found) == ["submission_111", "submission_222"]  # never one student named after the export
    group = found["submission_111"]
    assert group.students == [Student("06758767", "Ada Lovelace", "ada@example.edu"),
                              Student("06754968", "Bob Babbage", "bob@example.edu")]
    assert group.platform == "gradescope"
    assert group.submitted_at == datetime(2026, 12, 2, 2, 52, 7, 938335, tzinfo=timezone.utc)
    assert lesson_files(group.sources).files == {"lesson01_sigmoid.py": SIGMOID}


def test_a_gradescope_folder_the_metadata_does_not_list_is_refused(tmp_path):
    export = _gradescope_export(tmp_path)
    (export / "submission_999").mkdir()
    with pytest.raises(ExportError, match="submission_999 is not in submission_metadata.yml"):
        find_submissions(export, tmp_path / "unpacked")


def test_canvas_and_moodle_downloads_are_grouped_by_student(tmp_path):
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    (submissions / "doejane_123456_7890_lesson01_sigmoid.py").write_bytes(SIGMOID)
    (submissions / "doejane_123456_7891_lesson02_forward-1.py").write_text("# re-uploaded\n")
    (submissions / "roemax_late_222222_7892_lesson01_sigmoid.py").write_text("# late\n")
    with zipfile.ZipFile(submissions / "smithann_333333_7893_work.zip", "w") as archive:
        archive.writestr("work/lessons/lesson01_sigmoid.py", SIGMOID)
    (submissions / "Lee Moodle_4455_assignsubmission_file_lesson01_sigmoid.py").write_bytes(SIGMOID)
    folder = submissions / "Kim Folder_4466_assignsubmission_file_"
    (folder / "lessons").mkdir(parents=True)
    (folder / "lessons" / "lesson03_loss.py").write_text("# loss\n")
    found = {submission.key: submission for submission in find_submissions(submissions, tmp_path / "unpacked")}
    assert sorted(found) == ["123456", "222222", "333333", "4455", "4466"]
    jane = found["123456"]
    assert jane.platform == "canvas" and jane.students == [Student("123456", "doejane", canvas_id=True)] and not jane.late_mark
    assert sorted(lesson_files(jane.sources).files) == ["lesson01_sigmoid.py", "lesson02_forward.py"]
    assert found["222222"].late_mark
    assert lesson_files(found["333333"].sources).files == {"lesson01_sigmoid.py": SIGMOID}
    assert found["4455"].platform == "moodle" and found["4455"].students == [Student("4455", "Lee Moodle")]
    assert lesson_files(found["4466"].sources).paths == {"lesson03_loss.py": "lessons/lesson03_loss.py"}


def test_github_classroom_clones_are_keyed_by_user_name(tmp_path):
    submissions = tmp_path / "four-or-five-submissions"
    for user in ("octocat", "hubot"):
        repo = submissions / f"four-or-five-{user}"
        (repo / ".git").mkdir(parents=True)
        (repo / "lessons").mkdir()
        (repo / "lessons" / "lesson01_sigmoid.py").write_bytes(SIGMOID)
    found = find_submissions(submissions, tmp_path / "unpacked")
    assert [(submission.key, submission.platform) for submission in found] == [
        ("hubot", "github classroom"), ("octocat", "github classroom")]


@pytest.mark.parametrize("name, expected", [
    ("notes.txt", "cannot tell whose submission"),
    ("lesson01_sigmoid.py", "is a lesson file on its own"),
])
def test_what_cannot_be_placed_is_refused_in_one_line(tmp_path, name, expected):
    submissions = tmp_path / "submissions"
    (submissions / "alice").mkdir(parents=True)
    (submissions / name).write_text("x")
    with pytest.raises(ExportError) as raised:
        find_submissions(submissions, tmp_path / "unpacked")
    assert expected in str(raised.value) and "\n" not in str(raised.value)


def test_links_and_oversized_files_are_refused_and_traversal_stays_inside(tmp_path):
    archive_path = tmp_path / "hostile.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        link = zipfile.ZipInfo("hostile/lesson07_classifier.py")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, str(SOLUTIONS / "lesson07_classifier.py"))
        archive.writestr("hostile/lesson06_train.py", b"#" * (2 * 1024 ** 2))
        archive.writestr("../../escaped/lesson01_sigmoid.py", SIGMOID)
        archive.writestr("/abs/lesson02_forward.py", "# absolute\n")
    found = lesson_files([("", archive_path)])
    assert found.files == {"lesson01_sigmoid.py": SIGMOID, "lesson02_forward.py": b"# absolute\n"}
    assert "symbolic link" in found.refused["lesson07_classifier.py"]
    assert "2.0 MB" in found.refused["lesson06_train.py"]
    # Unpacked as a class zip: nothing lands outside, and the link stays a link (refused, never read).
    target = tmp_path / "deep" / "unpacked"
    with zipfile.ZipFile(archive_path) as archive:
        extract(archive, target)
    assert not (tmp_path / "escaped").exists() and not (tmp_path / "deep" / "escaped").exists()
    assert (target / "hostile" / "lesson07_classifier.py").is_symlink()
    unpacked = lesson_files([("", target)])
    assert "symbolic link" in unpacked.refused["lesson07_classifier.py"]
    assert "lesson07_classifier.py" not in unpacked.files
    # A folder's link to the reference is refused the same way.
    (tmp_path / "student").mkdir()
    (tmp_path / "student" / "lesson01_sigmoid.py").symlink_to(SOLUTIONS / "lesson01_sigmoid.py")
    assert "symbolic link" in lesson_files([("", tmp_path / "student")]).refused["lesson01_sigmoid.py"]


def test_the_roster_maps_students_by_id_email_or_name(tmp_path):
    roster_path = tmp_path / "roster.csv"
    roster_path.write_text("\ufeffName,Student ID,Email Address\nJane Doe,S1,jane@example.edu\n"
                           "Ada Lovelace,06758767,ada@example.edu\nMax Roe,S3,max@example.edu\n")
    roster = read_roster(roster_path)
    assert roster[0] == Student("S1", "Jane Doe", "jane@example.edu")
    assert match_roster(Student("06758767", "A. L."), roster).id == "06758767"
    assert match_roster(Student("x", "", "MAX@example.edu"), roster).id == "S3"
    assert match_roster(Student("123456", "doejane"), roster).id == "S1"  # Canvas's sortable name
    assert match_roster(Student("999", "Nobody Here"), roster) is None
    # Canvas's own gradebook export as the roster: its ID column is Canvas's user id, for canvas.csv's ID
    (tmp_path / "canvas.csv").write_text("Student,ID,SIS User ID,SIS Login ID,Section,Four or five (77)\n"
                                         "    Points Possible,,,,,100\n"
                                         "\"Doe, Jane\",123456,S1,jdoe,Section A,\n")
    canvas = [entry for entry in read_roster(tmp_path / "canvas.csv") if entry.id == "123456"]
    assert canvas and canvas[0].canvas_id and not roster[1].canvas_id
    (tmp_path / "bad.csv").write_text("who,what\nx,y\n")
    with pytest.raises(ExportError, match="no id or email column"):
        read_roster(tmp_path / "bad.csv")


def test_a_mistake_counts_only_when_named_for_sure():
    named = "  likely mistake: the threshold is applied to Z2 at 0.5"
    assert sure_mistakes([f"predict: wrong\n{named}", f"predict: wrong again\n{named}"]) == [
        "the threshold is applied to Z2 at 0.5"]
    assert sure_mistakes(["x\n  likely mistake: A; or B"]) == []  # two mistakes give the same value
    assert sure_mistakes([f"x\n{named}", "y\n  likely mistake: the threshold is 0.6"]) == []
    assert sure_mistakes(["no mistake named"]) == []


def test_statuses_say_what_happened():
    def results(outputs):
        return {"tests": [{"number": f"{number}.1", "score": 0.0 if output else 1.0,
                           "status": "failed" if output else "passed", "output": output}
                          for number, output in outputs.items()]}
    lessons = LESSONS[:3]
    graded = graded_from(results({1: "", 2: "lesson02_forward.py has a syntax error at line 3: invalid syntax",
                                  3: "timed out after 10 s: the code ran too long"}), lessons)
    assert graded.status == "syntax error in lesson 2; lesson 3 timed out"
    assert graded.error.startswith("lesson02_forward.py has a syntax error at line 3")
    assert graded_from(results({1: "", 2: "", 3: "bce_loss: wrong value"}), lessons).status == "graded"
    forbidden = ("lesson01_sigmoid.py imports torch (a machine-learning library): the course is written with NumPy "
                 "alone, so remove that import and write the code yourself")
    assert graded_from(results({1: forbidden}), lessons[:1]).status == "lesson 1 imports a forbidden library"
    assert graded_from(results({1: "sigmoid: wrong for inputs that imports nothing"}), lessons[:1]).status == "graded"


def test_late_work_loses_its_share_per_started_day_up_to_the_cap():
    policy = late_policy("2026-12-01T23:59+01:00", 10, 25)
    assert policy.deadline == datetime(2026, 12, 1, 22, 59, tzinfo=timezone.utc)
    just_late = datetime(2026, 12, 1, 23, 0, tzinfo=timezone.utc)
    assert (policy.days_late(just_late), policy.penalty(policy.days_late(just_late))) == (1, 10)
    assert policy.days_late(datetime(2026, 12, 1, 22, 59, tzinfo=timezone.utc)) == 0
    assert policy.penalty(policy.days_late(datetime(2026, 12, 5, tzinfo=timezone.utc))) == 25  # capped
    assert policy.days_late(None) == 0  # no time in the export: nothing taken
    assert late_policy(None, 0, 100) is None
    for bad in (("yesterday", 10, 100), ("2026-12-01", 120, 100), (None, 10, 100)):
        with pytest.raises(BatchError):
            late_policy(*bad)


def test_the_gradebooks_are_shaped_for_canvas_and_moodle():
    graded = grade_class.Graded({1: 10.0, 2: 15.0}, "graded")
    rows = [Row(Student("123456", "Jane Doe", "jane@example.edu", canvas_id=True), graded, "123456", penalty=10.0),
            Row(Student("S2", "Max Roe", ""), grade_class._failed(LESSONS[:2], "no submission", "nothing")),
            Row(Student("06828527", "Cy Young", ""), graded, "submission_222")]
    canvas = list(csv.reader(io.StringIO(grade_class._canvas_csv(rows, LESSONS[:2], "Four or five (77)"))))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Four or five (77)"]
    assert canvas[1] == ["Points Possible", "", "", "", "", "25"]
    assert canvas[2] == ["Jane Doe", "123456", "", "", "", "22.50"]  # 25 less 10%; a Canvas user id is the ID
    assert canvas[3] == ["Max Roe", "", "S2", "", "", "0.00"]  # any other id: the SIS User ID
    assert canvas[4] == ["Cy Young", "", "06828527", "", "", "25.00"]  # a Gradescope SID is the school's, numeric or not
    assert grade_class._scores_csv(rows) == "student_id,score\n123456,22.50\nS2,0.00\n06828527,25.00\n"


def test_github_classroom_reads_partial_credit_per_check(monkeypatch, tmp_path):
    from checks.classroom import classroom_result, write_result
    from checks.results import CheckResult, Grading, LessonResult

    grading = Grading([LessonResult(LESSONS[0], [CheckResult("test_a", "passed"), CheckResult("test_b", "failed",
                                                                                                "sigmoid: wrong")])])
    result = classroom_result(grading)
    assert result["version"] == 1 and result["status"] == "fail" and result["max_score"] == 10
    assert [(test["status"], test["score"]) for test in result["tests"]] == [("pass", 5.0), ("fail", 0.0)]
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "output"))
    write_result(grading, None)
    line = (tmp_path / "output").read_text()
    assert line.startswith("result=") and json.loads(base64.b64decode(line[7:])) == result


def test_a_student_release_offers_no_instructor_command(monkeypatch, capsys):
    from checks import cli

    assert "grade-class" in cli._doc()
    monkeypatch.setattr(cli, "_instructor_kit", lambda: False)
    assert "grade-class" not in cli._doc() and "release DIR" not in cli._doc() and "classroom" in cli._doc()
    assert cli.main(["grade-class", "x", "--out", "y"]) == 2
    assert "not part of the student release" in capsys.readouterr().err


def test_a_release_without_mkdocs_names_the_extra(monkeypatch, tmp_path):
    from checks.instructor import release

    monkeypatch.setattr(release.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(release.ReleaseError, match=r'pip install -e "\.\[docs\]"'):
        release.build_release(tmp_path / "release", log=lambda *_: None)
    assert not (tmp_path / "release").exists()


def test_a_hand_in_names_files_where_the_student_put_them_but_never_quotes_their_folder_names(monkeypatch):
    from checks.loading import shown_path
    from checks.quoting import quote_path

    lesson = LESSONS[0]
    assert shown_path(lesson) == "lessons/lesson01_sigmoid.py"  # a course folder
    for given, shown in (("fay/lesson01_sigmoid.py", "fay/lesson01_sigmoid.py"),
                         ("lesson01_sigmoid.py", "lesson01_sigmoid.py"),
                         ("8 of 8 checks, passing\x1b[2J/lesson01_sigmoid.py", "lesson01_sigmoid.py")):
        monkeypatch.setenv("CHECKS_SUBMISSION", json.dumps({"paths": {lesson.filename: given}, "refused": {}}))
        assert shown_path(lesson) == shown and quote_path(shown) == shown
    assert quote_path("8 of 8 checks, passing/lesson01_sigmoid.py") == "your lesson file"


def test_reports_quote_a_folder_name_the_student_chose(tmp_path):
    from checks.instructor.grade_class import write_report
    from checks.instructor.submissions import Submission

    hand_in = tmp_path / "hand-in" / "8 of 8 checks, passing"
    hand_in.mkdir(parents=True)
    (hand_in / "lesson01_sigmoid.py").write_bytes(SIGMOID)
    files = lesson_files([("", tmp_path / "hand-in")])
    (tmp_path / "out" / "reports").mkdir(parents=True)
    write_report(tmp_path / "out", Submission("ann", [Student("ann")], "folder", []), files, "graded\n")
    header = (tmp_path / "out" / "reports" / "ann.txt").read_text().splitlines()[0]
    assert header == "Submission ann: lesson01_sigmoid.py ('8 of 8 checks, passing/lesson01_sigmoid.py')", header
