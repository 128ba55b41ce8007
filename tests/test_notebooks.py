"""The lesson notebooks (notebooks/*.ipynb, docs/notebooks.md): fresh, valid, and graded as the terminal grades.

nbclient runs every notebook top to bottom in a fresh kernel, in a scratch copy of the course:
as shipped (no cell fails, the lesson is "not started"); for a few cheap lessons also with the
reference in the lesson cell and with a planted mistake, where the notebook's verdict must be
exactly what `python -m checks N` prints for the same file.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

from checks import notebook as api  # noqa: E402
from checks.course import LESSONS, find_lesson  # noqa: E402
from checks.stubs import stub_source  # noqa: E402
from docs_build import notebooks as generator  # noqa: E402
from docs_build.teaching import PLANTED, _planted_source  # noqa: E402

WIDTH_ENV = {"COLUMNS": str(api.WIDTH), "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def _read(lesson):
    return nbformat.read(ROOT / "notebooks" / f"{lesson.module}.ipynb", as_version=4)


def _lesson_cell(book):
    cells = [cell for cell in book.cells if cell.cell_type == "code" and cell.source.startswith("%%writefile ")]
    assert len(cells) == 1, "a notebook has exactly one lesson cell"
    return cells[0]


def _course(tmp_path: Path) -> Path:
    """A scratch course: the stubs and the notebooks (the checks come from this checkout)."""
    course = tmp_path / "course"
    shutil.copytree(ROOT / "lessons", course / "lessons", ignore=shutil.ignore_patterns("__pycache__", ".*"))
    shutil.copytree(ROOT / "notebooks", course / "notebooks")
    return course


def _run(book, folder: Path):
    """Execute `book` in a fresh kernel started in `folder`; the executed notebook."""
    client = nbclient.NotebookClient(book, timeout=300, kernel_name="python3", allow_errors=False,
                                     resources={"metadata": {"path": str(folder)}})
    client.execute(env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    return book


def _verdict_html(book, number: int) -> str:
    cell = next(cell for cell in book.cells if cell.cell_type == "code" and cell.source == f"checks.grade({number})")
    shown = [output["data"]["text/html"] for output in cell.outputs if "text/html" in output.get("data", {})]
    assert len(shown) == 1, "the verdict is one HTML display"
    return shown[0]


def _verdict_text(book, number: int) -> str:
    cell = next(cell for cell in book.cells if cell.cell_type == "code" and cell.source == f"checks.grade({number})")
    return next(output["data"]["text/plain"] for output in cell.outputs if "text/plain" in output.get("data", {}))


def _terminal(course: Path, number: int) -> str:
    done = subprocess.run([sys.executable, "-m", "checks", str(number), "--lessons-dir", str(course / "lessons")],
                          cwd=course, capture_output=True, text=True, timeout=300, env={**os.environ, **WIDTH_ENV})
    return done.stdout.rstrip("\n")  # as a notebook shows text: without the last newline


# --- the committed notebooks -----------------------------------------------------------------

def test_the_committed_notebooks_are_what_the_build_writes():
    from docs_build import stale as stale_files

    stale = stale_files(generator.notebook_files())
    assert not stale, f"stale notebooks (run `python -m docs_build`): {[p.name for p in stale]}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.module)
def test_each_notebook_is_valid_and_holds_its_stub_in_one_lesson_cell(lesson):
    book = _read(lesson)
    nbformat.validate(book)
    cell = _lesson_cell(book)
    first, _, body = cell.source.partition("\n")
    assert first == f"%%writefile lessons/{lesson.filename}"
    assert api.cell_file_text(body) == stub_source(lesson)
    sources = [cell.source for cell in book.cells if cell.cell_type == "code"]
    assert f"checks.grade({lesson.number})" in sources and f"checks.hint({lesson.number})" in sources
    assert not any(line.lstrip().startswith("!") for source in sources for line in source.splitlines()), \
        "no shell escapes: on Colab `!python` is another interpreter"
    setup = sources[0]
    assert "%pip install" in setup and generator.install_spec() in setup and f'checks.setup("{lesson.module}")' in setup
    text = "\n".join(cell.source for cell in book.cells if cell.cell_type == "markdown")
    assert "{{" not in text and "<!--" not in text and "](../figures/" not in text
    assert generator.colab_url(lesson) in text and generator.binder_url(lesson) in text
    for cell in book.cells:
        for name in cell.get("attachments", {}):
            assert f"attachment:{name}" in cell.source


def test_the_install_address_is_the_one_in_pyproject():
    assert generator.repository() == "https://github.com/four-or-five/four-or-five"
    assert generator.install_spec("https://github.com/a/b") == "four-or-five @ git+https://github.com/a/b"
    with pytest.raises(ValueError):
        generator.github_path("https://example.org/a/b")


def test_the_collapsed_answers_and_the_math_become_notebook_markdown():
    lines = ['??? success "The answer: \\(x\\)"', "    It is", "", "    $$", "    y = 2", "    $$", "", "after"]
    out = "\n".join(generator._admonitions(lines))
    assert out.startswith("<details><summary><b>The answer: \\(x\\)</b></summary>\n\nIt is\n\n$$\ny = 2\n$$\n\n</details>")
    assert out.endswith("after")
    assert generator._math("a \\(x^2\\) b `\\(code\\)`") == "a $x^2$ b `\\(code\\)`"
    assert generator._links("[l4](04-backward.md) [g](../grader.md#x)", "lessons/01-sigmoid.md", "https://g/h") == \
        "[l4](lesson04_backward.ipynb) [g](https://g/h/blob/main/docs/grader.md#x)"


# --- the first cell and the lesson cell ------------------------------------------------------

def test_setup_finds_the_course_and_writes_only_missing_stubs(tmp_path, monkeypatch):
    course = _course(tmp_path)
    mine = course / "lessons" / "lesson04_backward.py"
    mine.write_text("# my work\n")
    (course / "lessons" / "lesson05_update.py").unlink()
    monkeypatch.chdir(course / "notebooks")
    assert api.setup("lesson04_backward") == course.resolve()
    assert Path.cwd() == course.resolve()
    assert mine.read_text() == "# my work\n", "a lesson file that exists is never replaced"
    assert (course / "lessons" / "lesson05_update.py").read_text() == stub_source(find_lesson("5"))


def test_setup_makes_a_course_folder_where_there_is_none_and_writes_nowhere_else(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    made = api.setup("lesson01_sigmoid")
    assert made == tmp_path.resolve() / "four-or-five"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["four-or-five"]
    assert sorted(p.name for p in (made / "lessons").iterdir()) == sorted(["__init__.py"] + [l.filename for l in LESSONS])
    (made / "lessons" / "lesson01_sigmoid.py").write_text("# mine\n")
    monkeypatch.chdir(tmp_path)
    assert api.setup("lesson01_sigmoid") == made, "run again, it finds the folder it made"
    assert (made / "lessons" / "lesson01_sigmoid.py").read_text() == "# mine\n"


def test_the_lesson_cell_keeps_a_copy_of_a_file_changed_outside_the_notebook(tmp_path):
    course = _course(tmp_path)
    target = "lessons/lesson03_loss.py"
    assert api.write_lesson_cell(target, "# v1", course) == "saved lessons/lesson03_loss.py"  # over the stub: no copy
    assert api.write_lesson_cell(target, "# v2", course) == "saved lessons/lesson03_loss.py"  # over its own: no copy
    assert not (course / "lessons" / ".backups").exists()
    (course / target).write_text("# edited in an editor\n")
    said = api.write_lesson_cell(target, "# v3", course)
    assert "kept in lessons/.backups/lesson03_loss-" in said
    kept = list((course / "lessons" / ".backups").iterdir())
    assert [p.read_text() for p in kept] == ["# edited in an editor\n"]
    assert (course / target).read_text() == "# v3\n"
    with pytest.raises(api.CourseError):
        api.write_lesson_cell("lessons/../evil.py", "x", course)


def test_importing_checks_stays_cheap():
    done = subprocess.run([sys.executable, "-c", "import sys, checks; print(sorted(m for m in sys.modules "
                           "if m.startswith(('checks.', 'rich', 'numpy', 'IPython'))))"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


# --- the notebooks, run top to bottom --------------------------------------------------------

@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.module)
def test_each_notebook_runs_as_shipped_and_says_not_started(lesson, tmp_path):
    course = _course(tmp_path)
    book = _run(_read(lesson), course / "notebooks")
    errors = [output for cell in book.cells for output in cell.get("outputs", []) if output["output_type"] == "error"]
    assert not errors
    html = _verdict_html(book, lesson.number)
    assert "not started" in html and f"Lesson {lesson.number}:" in html
    assert (course / "lessons" / lesson.filename).read_text() == stub_source(lesson)


SOLVED = ("1", "3", "5")  # cheap to grade; the as-shipped run above covers all ten


@pytest.mark.parametrize("key", SOLVED)
def test_the_reference_in_the_lesson_cell_passes_as_in_the_terminal(key, tmp_path):
    lesson = find_lesson(key)
    course = _course(tmp_path)
    book = _read(lesson)
    cell = _lesson_cell(book)
    cell.source = f"%%writefile lessons/{lesson.filename}\n" + (ROOT / "solutions" / lesson.filename).read_text()
    book = _run(book, course / "notebooks")
    text = _verdict_text(book, lesson.number)
    assert "passing" in text and f"{len(lesson.check_names)}/{len(lesson.check_names)} checks" in text
    assert text == _terminal(course, lesson.number)
    assert "color" in _verdict_html(book, lesson.number), "the HTML keeps the report's colours"


def test_a_planted_mistake_fails_first_where_the_terminal_says(tmp_path):
    number, function, code = PLANTED["bce_no_clip"]
    lesson = find_lesson(str(number))
    course = _course(tmp_path)
    book = _read(lesson)
    _lesson_cell(book).source = (f"%%writefile lessons/{lesson.filename}\n"
                                 + _planted_source(ROOT, lesson.filename, function, code))
    book = _run(book, course / "notebooks")
    text = _verdict_text(book, lesson.number)
    terminal = _terminal(course, lesson.number)
    assert "First failure:" in terminal and "failing" in terminal
    assert text == terminal
    html = _verdict_html(book, lesson.number)
    assert "First failure:" in html and "checks.grade(3)" not in terminal
    hint = next(cell for cell in book.cells if cell.cell_type == "code" and cell.source == "checks.hint(3)")
    assert "fails the check" in "".join(output.get("text", "") for output in hint.outputs)


def _first_cells(lesson, code=None):
    """The notebook of `lesson` cut to its first cell and its lesson cell (with `code`, if given)."""
    book = _read(lesson)
    cell = _lesson_cell(book)
    if code is not None:
        cell.source = f"%%writefile lessons/{lesson.filename}\n{code}"
    book.cells = [book.cells[1], cell]
    return book


BLOCK_THE_COURSE = '''import sys
class NoCourse:
    def find_spec(self, name, path=None, target=None):
        if name == "checks" or name.startswith("checks."):
            raise ImportError("no course in this Python")
blocker = NoCourse()
sys.meta_path.insert(0, blocker)
pip_calls = []
def pip(line):  # what %pip would install; then the course is there
    pip_calls.append(line)
    sys.meta_path.remove(blocker)
get_ipython().register_magic_function(pip, "line", "pip")'''


def test_without_the_course_the_first_cell_installs_it_from_the_repository_and_makes_a_folder(tmp_path):
    lesson = find_lesson("1")
    book = _first_cells(lesson)
    book.cells.insert(0, nbformat.v4.new_code_cell(BLOCK_THE_COURSE))
    book.cells.append(nbformat.v4.new_code_cell("print(pip_calls)"))
    book = _run(book, tmp_path)
    assert book.cells[-1].outputs[0]["text"].strip() == repr([f'install --quiet "{generator.install_spec()}"'])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["four-or-five"]
    assert (tmp_path / "four-or-five" / "lessons" / lesson.filename).read_text() == stub_source(lesson)


def test_after_a_reset_running_the_notebook_again_restores_the_lesson_file(tmp_path):
    """Colab's reset loses the files, not the notebook: running it again writes the learner's code back."""
    lesson = find_lesson("2")
    mine = "# my lesson 2, written in the notebook\n"
    _run(_first_cells(lesson, mine), tmp_path)
    path = tmp_path / "four-or-five" / "lessons" / lesson.filename
    assert path.read_text() == mine
    shutil.rmtree(tmp_path / "four-or-five")  # the runtime reset
    book = _run(_first_cells(lesson, mine), tmp_path)
    assert path.read_text() == mine
    said = "".join(output.get("text", "") for output in book.cells[0].outputs)
    assert "run every cell again" in said


def test_the_release_gets_the_pages_as_committed_and_notebooks_of_its_own_stubs(tmp_path):
    """checks/instructor/release.py's docs step alone (the whole release: tests/test_release.py)."""
    from checks.instructor.release import leaked_lines, render_docs

    staging = tmp_path / "release"
    shutil.copytree(ROOT / "lessons", staging / "lessons", ignore=shutil.ignore_patterns("__pycache__", ".*"))
    (staging / "lessons" / "lesson05_update.py").write_text(stub_source(find_lesson("5")) + "# the release's own stub\n")
    render_docs(staging)
    import re

    assert re.findall(r"^  - (docs/hooks/\S+)", (staging / "mkdocs.yml").read_text(), re.M) == ["docs/hooks/katex.py"]
    for page in (staging / "docs").rglob("*.md"):
        assert "<!-- " not in page.read_text() and "{{" not in page.read_text(), page
    assert (staging / "docs" / "figures" / "sigmoid.png").is_file()
    book = nbformat.read(staging / "notebooks" / "lesson05_update.ipynb", as_version=4)
    assert _lesson_cell(book).source.endswith("# the release's own stub")
    assert not [leak for leak in leaked_lines(staging) if leak[0].startswith(("docs/", "notebooks/lesson0"))]


def test_a_bad_lesson_or_a_missing_folder_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    verdict = api.grade(11)
    assert verdict.exit_code == 2 and verdict.text.startswith("error: no lesson called '11'") and "\n" not in verdict.text
    verdict = api.grade(1)  # no lessons/ here: setup was not run
    assert verdict.exit_code == 2 and "no lessons folder at" in verdict.text and "\n" not in verdict.text.strip()
    assert "<pre" in verdict._repr_html_()


def test_a_checks_folder_beside_the_lessons_cannot_answer_for_the_grader(tmp_path, monkeypatch):
    course = _course(tmp_path)
    (course / "checks").mkdir()
    (course / "checks" / "__init__.py").write_text("")
    (course / "checks" / "notebook.py").write_text('print(\'{"text": "all passing", "html": "", "exit_code": 0, '
                                                   '"lessons": []}\')\n')
    monkeypatch.chdir(course)
    verdict = api.grade(1)
    assert verdict.exit_code == 1 and "not started" in verdict.text
