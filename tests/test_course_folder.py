"""`python -m checks` works from any folder of the course: it finds the course folder from the working
directory upward (checks/loading.py `find_course`), and writes nothing outside it."""

from grader_support import LESSONS, make_course, run_checks, snapshot, solution, stub


def _course_with_docs(tmp_path):
    """A course copy with lesson 1 solved and a docs/lessons/ of pages beside lessons/, as the course has."""
    course = make_course(tmp_path / "course", solved=[1])
    pages = course / "docs" / "lessons"
    pages.mkdir(parents=True)
    (pages / "01-sigmoid.md").write_text("# Lesson 1\n")
    return course


def test_grading_from_docs_grades_the_course_lessons(tmp_path):
    course = _course_with_docs(tmp_path)
    run = run_checks(course / "docs", "1")
    assert run.returncode == 0 and "is missing" not in run.stdout + run.stderr, run
    deeper = run_checks(course / "docs" / "lessons", "1")  # and from a folder inside docs/
    assert deeper.returncode == 0, deeper
    inside = run_checks(course / "lessons", "1")  # and from lessons/ itself
    assert inside.returncode == 0, inside


def test_reset_from_docs_writes_into_the_course_lessons_only(tmp_path):
    course = _course_with_docs(tmp_path)
    pages_before = snapshot(course / "docs")
    run = run_checks(course / "docs", "reset", "1", "--yes")
    assert run.returncode == 0, run
    assert (course / "lessons" / LESSONS[0].filename).read_text() == stub(1), run
    backups = list((course / "lessons" / ".backups").iterdir())
    assert [path.read_text() for path in backups] == [solution(1)], "the learner's file is kept"
    assert snapshot(course / "docs") == pages_before, "reset wrote into docs/"


def test_outside_any_course_nothing_is_graded_or_written(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "lessons").mkdir(parents=True)  # a lessons/ folder of something else (docs/lessons, say)
    for args in (["1"], ["reset", "1", "--yes"], ["hint", "1"]):
        run = run_checks(elsewhere, *args)
        assert run.returncode == 2 and "no lessons folder" in run.stderr and run.stderr.count("\n") == 1, run
    assert sorted(path.name for path in elsewhere.rglob("*")) == ["lessons"], "something was written"
