"""Notebook submissions (checks/instructor/notebooks.py): grade-class and the Gradescope autograder grade
the `%%writefile lessons/...` cells of a student's notebooks, and a notebook with two such cells for a
lesson, or none, is one clear line in the student's result."""

import csv
import io
import json
import zipfile

import pytest

from checks.instructor import autograder
from checks.instructor.notebooks import lesson_files
from checks.instructor.submissions import lesson_files as submitted_files
from grader_support import LESSONS, ROOT, SOLUTIONS, run_checks

nbformat = pytest.importorskip("nbformat")


def _notebook(number: int, code: str, cells: int = 1) -> bytes:
    """The course's notebook of lesson `number` with `code` in its lesson cell (`cells` such cells; 0: none)."""
    lesson = LESSONS[number - 1]
    book = nbformat.read(ROOT / "notebooks" / f"{lesson.module}.ipynb", as_version=4)
    index = next(i for i, cell in enumerate(book.cells) if cell.source.startswith("%%writefile "))
    cell = book.cells[index]
    cell.source = f"%%writefile lessons/{lesson.filename}\n{code}"
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"saved lessons/{lesson.filename}\n")]
    if cells == 0:
        cell.source = code
    for extra in range(cells - 1):
        copy = nbformat.v4.new_code_cell(f"%%writefile lessons/{lesson.filename}\n# an old try\n")
        copy["id"] = f"extra-{extra}"
        book.cells.insert(index + 1, copy)
    return nbformat.writes(book).encode()


def _solution(number: int) -> str:
    return (SOLUTIONS / LESSONS[number - 1].filename).read_text()


def test_each_lesson_cell_becomes_its_lesson_file(tmp_path):
    student = tmp_path / "student" / "notebooks"
    student.mkdir(parents=True)
    for number in (1, 2):
        (student / f"{LESSONS[number - 1].module}.ipynb").write_bytes(_notebook(number, _solution(number)))
    found = submitted_files([("", tmp_path / "student")])
    assert found.files == {LESSONS[0].filename: _solution(1).encode(), LESSONS[1].filename: _solution(2).encode()}
    assert found.problems == {}
    assert found.paths == {lesson.filename: f"notebooks/{lesson.module}.ipynb" for lesson in LESSONS[:2]}
    archive = tmp_path / "student.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(student.iterdir()):
            zipped.write(path, f"student/notebooks/{path.name}")
    assert submitted_files([("", archive)]).files == found.files


def test_a_lesson_file_beside_a_notebook_is_graded_instead_of_its_cell():
    files, problems = lesson_files({"n/lesson01_sigmoid.ipynb": _notebook(1, "# the cell\n")},
                                   {"lesson01_sigmoid.py": b"# the file\n"})
    assert files == {} and problems == {}


@pytest.mark.parametrize("cells, says", [(2, "2 cells start with `%%writefile lessons/lesson03_loss.py`"),
                                         (0, "has no cell that starts with `%%writefile lessons/lesson03_loss.py`")])
def test_two_lesson_cells_or_none_is_one_line_and_grades_nothing_of_that_lesson(cells, says):
    files, problems = lesson_files({"lesson03_loss.ipynb": _notebook(3, _solution(3), cells),
                                    "lesson01_sigmoid.ipynb": _notebook(1, _solution(1))}, {})
    assert set(files) == {"lesson01_sigmoid.py"}
    assert list(problems) == ["lesson03_loss.py"] and says in problems["lesson03_loss.py"]
    assert "\n" not in problems["lesson03_loss.py"]


def test_a_file_that_is_not_a_notebook_is_one_line():
    files, problems = lesson_files({"work/lesson01_sigmoid.ipynb": b"{not json"}, {})
    assert files == {} and problems == {"work/lesson01_sigmoid.ipynb": (
        "work/lesson01_sigmoid.ipynb is not a Jupyter notebook (its JSON cannot be read): upload the notebook "
        "file itself (.ipynb), saved from Jupyter or Colab")}


def test_grade_class_grades_notebooks_as_it_grades_lesson_files(tmp_path):
    """nina submits lessons 1-7 as notebooks with the reference in each lesson cell; omar the same, but
    his lesson 1 notebook has two lesson cells."""
    submissions = tmp_path / "submissions"
    for student in ("nina", "omar"):
        (submissions / student).mkdir(parents=True)
        for lesson in LESSONS[:7]:
            count = 2 if student == "omar" and lesson.number == 1 else 1
            (submissions / student / f"{lesson.module}.ipynb").write_bytes(
                _notebook(lesson.number, _solution(lesson.number), count))
    out = tmp_path / "out"
    done = run_checks(tmp_path, "grade-class", str(submissions), "--out", str(out), "--jobs", "2", timeout=900)
    assert done.returncode == 0, done
    grades = {row["student"]: row for row in csv.DictReader(io.StringIO((out / "grades.csv").read_text()))}
    assert grades["nina"]["total"] == "100.00" and grades["nina"]["error"] == ""
    assert grades["omar"]["lesson 1"] == "0.00" and grades["omar"]["lesson 2"] == "15.00"
    line = "lesson01_sigmoid.ipynb), so neither is graded"
    assert line in grades["omar"]["error"]
    assert line in (out / "reports" / "omar.txt").read_text().splitlines()[0]


def test_the_autograder_grades_a_notebook_upload(tmp_path):
    """The Gradescope run's grading step (the sandbox and the installed course are test_autograder.py's)."""
    upload = tmp_path / "submission"
    upload.mkdir()
    (upload / "lesson01_sigmoid.ipynb").write_bytes(_notebook(1, _solution(1)))
    (upload / "lesson03_loss.ipynb").write_bytes(_notebook(3, _solution(3), cells=0))
    lessons = [LESSONS[0], LESSONS[2]]
    results = autograder._grade(upload, lessons, "visible", 300, None)
    points = {}
    for test in results["tests"]:
        points[test["number"].split(".")[0]] = points.get(test["number"].split(".")[0], 0) + test["score"]
    assert round(points["1"], 2) == 10 and points["3"] == 0
    assert results["output"].startswith("- lesson03_loss.ipynb has no cell that starts with "
                                        "`%%writefile lessons/lesson03_loss.py`")
    lesson3 = [test["output"] for test in results["tests"] if test["number"].startswith("3.")]
    assert all("has no cell that starts with" in output for output in lesson3)
    json.dumps(results)  # what run_autograder writes
