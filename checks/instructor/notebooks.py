"""Notebook submissions: the `%%writefile lessons/<lesson file>` cells of a student's notebooks as lesson files.

A lesson notebook (notebooks/*.ipynb) holds the student's code in one cell that starts
`%%writefile lessons/lesson04_backward.py`; running it is what writes the lesson file, so the
cell's text is the file (checks.notebook.cell_file_text). grade-class and the Gradescope
autograder take a submission of notebooks (alone, or beside lesson files) through
`lesson_files`:

- every such cell of every notebook becomes that lesson file; a lesson file submitted as a
  `.py` file is graded instead of a notebook's cell (it is what the student last graded);
- two such cells for one lesson (in one notebook or two) grade neither, and a notebook
  without any such cell grades nothing: each is one line for the student's result
  ("problems"), and the lesson it concerns fails like a missing file.

Only the JSON is read (never executed): outputs, attachments and other cells are ignored.
"""

import json
import re
from pathlib import PurePosixPath
from typing import Dict, List, Optional, Tuple

from ..course import LESSONS
from ..notebook import cell_file_text

LESSON_FILES = {lesson.filename for lesson in LESSONS}
MAX_NOTEBOOK = 32 * 1024 ** 2  # bytes: outputs and figures make a notebook far larger than its code
WRITEFILE = re.compile(r"%%writefile(?:\s+-a)?\s+(\S+)\s*")


def lesson_cells(data: bytes) -> List[Tuple[str, str]]:
    """(lesson file name, file text) of each `%%writefile lessons/<lesson file>` code cell; ValueError if not a notebook."""
    try:
        book = json.loads(data.decode("utf-8"))
        cells = book["cells"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise ValueError("not a Jupyter notebook (its JSON cannot be read)") from None
    found = []
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        first, _, body = source.lstrip("\n").partition("\n")
        match = WRITEFILE.fullmatch(first)
        if match is None:
            continue
        target = PurePosixPath(match.group(1).strip("'\""))
        if target.parent == PurePosixPath("lessons") and target.name in LESSON_FILES:
            found.append((target.name, cell_file_text(body)))
    return found


def lesson_files(notebooks: Dict[str, bytes], submitted: Dict[str, bytes],
                 origins: Optional[Dict[str, str]] = None) -> Tuple[Dict[str, bytes], Dict[str, str]]:
    """The lesson files the notebooks {path: bytes} add to the `submitted` .py files, and the problems.

    Returns ({lesson file name: bytes}, {lesson file name or notebook path: one line for the student});
    `origins`, when given, gets {lesson file name: the notebook's path} of each file returned.
    """
    cells: Dict[str, List[Tuple[str, str]]] = {}
    problems: Dict[str, str] = {}
    for path, data in sorted(notebooks.items()):
        try:
            found = lesson_cells(data)
        except ValueError as error:
            problems[path] = f"{path} is {error}: upload the notebook file itself (.ipynb), saved from Jupyter or Colab"
            continue
        if not found:
            own = next((lesson for lesson in LESSONS if PurePosixPath(path).stem == lesson.module), None)
            hint = f"`%%writefile lessons/{own.filename}`" if own else "`%%writefile lessons/<lesson file>.py`"
            problems[own.filename if own else path] = (
                f"{path} has no cell that starts with {hint}, so none of its code is graded: put your code "
                "back in that cell (the notebook as the course ships it has it) and submit again")
        for name, text in found:
            cells.setdefault(name, []).append((path, text))
    files: Dict[str, bytes] = {}
    for name, found in sorted(cells.items()):
        if name in submitted:
            problems.pop(name, None)
            continue  # the .py file is graded
        if len(found) > 1:
            where = ", ".join(sorted({path for path, _ in found}))
            problems[name] = (f"{len(found)} cells start with `%%writefile lessons/{name}` ({where}), so neither "
                              "is graded: keep one cell for the lesson (the one with your code) and submit again")
            continue
        files[name] = found[0][1].encode("utf-8")
        if origins is not None:
            origins[name] = found[0][0]
        problems.pop(name, None)
    return files, problems
