"""A student's submission: where its lesson files are, and a fingerprint of what was submitted.

Students upload their lesson files flat or inside a `lessons/` folder (or one folder deeper,
as an archive of the course would have them), in any order. The grader needs them as
`lessons/lessonNN_name.py` in a folder of its own: `collect` copies each file found there.
A submission may be notebooks too (checks/instructor/notebooks.py): their `%%writefile lessons/...`
cells become the lesson files no `.py` file gives, and what is wrong with them is in `problems`.
"""

import hashlib
import zipfile
from pathlib import Path
from typing import Dict, Iterable

from ..course import LESSONS
from .notebooks import MAX_NOTEBOOK
from .notebooks import lesson_files as notebook_lesson_files

LESSON_FILES = {lesson.filename for lesson in LESSONS}
MAX_FILE = 1024 ** 2  # bytes: a larger "lesson file" is not one


class SubmittedFiles(dict):
    """{lesson file name: bytes}, with `problems`: {lesson file or notebook: one line for the student}."""

    problems: Dict[str, str] = {}


class SubmissionError(Exception):
    """A submission that cannot be read as one (not a zip, unreadable): one line."""


def files_of(submission: Path) -> SubmittedFiles:
    """Every lesson file of a submission folder or zip, by file name (the shallowest copy wins),
    then those its notebooks add (their problems in `.problems`)."""
    found: Dict[str, tuple] = {}
    notebooks: Dict[str, bytes] = {}
    if submission.is_dir():
        entries = ((path.relative_to(submission).parts, path.read_bytes)
                   for path in sorted([*submission.rglob("lesson*.py"), *submission.rglob("*.ipynb")]) if path.is_file())
    elif zipfile.is_zipfile(submission):
        archive = zipfile.ZipFile(submission)
        entries = ((tuple(Path(info.filename).parts), (lambda info=info: archive.read(info)))
                   for info in sorted(archive.infolist(), key=lambda info: info.filename)
                   if not info.is_dir() and (Path(info.filename).name in LESSON_FILES and info.file_size <= MAX_FILE
                                             or info.filename.endswith(".ipynb") and info.file_size <= MAX_NOTEBOOK))
    else:
        raise SubmissionError(f"{submission.name} is neither a folder nor a zip file")
    for parts, read in entries:
        name = parts[-1]
        if "__MACOSX" in parts or any(part.startswith(".") for part in parts):
            continue
        if name.endswith(".ipynb"):
            notebooks["/".join(parts)] = read()
        elif name in LESSON_FILES and (name not in found or len(parts) < len(found[name][0])):
            found[name] = (parts, read)
    files = SubmittedFiles({name: read() for name, (parts, read) in found.items()})
    if notebooks:
        from_notebooks, files.problems = notebook_lesson_files(notebooks, files)
        files.update(from_notebooks)
    return files


def collect(files: Dict[str, bytes], folder: Path) -> Path:
    """Write `files` as `folder/lessons/`, with the package marker the lessons need; return that folder."""
    lessons = folder / "lessons"
    lessons.mkdir(parents=True)
    (lessons / "__init__.py").write_text("")
    for name, data in files.items():
        (lessons / name).write_bytes(data)
    return lessons


def fingerprint(files: Dict[str, bytes], salt: Iterable[str] = ()) -> str:
    """A hash of the submitted lesson files (names and bytes), and of `salt` (what they were graded with)."""
    digest = hashlib.sha256()
    for item in salt:
        digest.update(item.encode() + b"\0")
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()
