"""The README's `python -m pytest` passes whatever the learner's lessons/ holds: the project's tests
read the pristine stubs (grader_support.STUBS, made from solutions/), never ./lessons.

The test runs the tests that once read ./lessons in a copy of the project whose lessons/ holds
every lesson solved (solutions/*.py copied in, as a learner who finished would have it). The copy
is cheap: tests/ and lessons/ are real folders, everything else links to this project."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from grader_support import ROOT

# The tests that read ./lessons before (43 of them failed with every lesson solved), and the
# helpers every grader test builds its course copies with. The slow ones (the whole check suite on
# the reference, the release, the site) are left to the full suite: they read no lessons/.
AFFECTED = [
    "tests/test_course.py", "tests/test_stub_contracts.py",
    "tests/test_grader_reports.py::test_table_on_the_pristine_stubs",
    "tests/test_grader_commands.py::test_reset_keeps_a_backup_and_restores_the_stub",
    "tests/test_hints.py::test_without_a_grading_the_hints_come_in_order_one_at_a_time",
    "-k", "not every_check_passes and not every_check_is_not_started",
]
LINKED = ("checks", "worker", "digits", "solutions", "docs", "pyproject.toml", "README.md", "mkdocs.yml")


def filled_copy(folder: Path) -> Path:
    """This project with lessons/ holding every solution (the learner's own work, finished)."""
    for name in LINKED:
        (folder / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "tests", folder / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    lessons = folder / "lessons"
    lessons.mkdir()
    shutil.copy2(ROOT / "lessons" / "__init__.py", lessons / "__init__.py")
    for path in (ROOT / "solutions").glob("lesson*.py"):
        shutil.copy2(path, lessons / path.name)
    return folder


def test_the_tests_pass_with_every_lesson_solved(tmp_path):
    course = filled_copy(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(course), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *AFFECTED],
                          cwd=course, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "skipped" in done.stdout, done.stdout[-2000:]  # the solved files skip
