"""`python -m checks release DIR`: the course for a class, without the reference solutions.

The release is a complete course folder (the stubs, the checks, the worker, the digits, the
docs and a README and pyproject.toml of its own) with no `solutions/` and no line of them
anywhere: the builder refuses to write a release in which `leaked_lines` finds one.

Its checks are this course's checks in release mode (checks/reference.py): what the
reference would return is computed here, once, by grading the reference itself with every
call to it recorded (the inputs each hypothesis check draws under the grading profile, the
expected values, the numerical gradients, the replayed training runs, the chain data) and
shipped as data in checks/stored/. A student's lesson that imports an earlier lesson runs
their own earlier lesson, and is graded only once that one passes ("fix lesson 1 first").

The docs are shipped as committed: `python -m docs_build` ran the reference to draw the figures
and quote the grader into the pages, so the release gets that output without the build step
(which needs the reference), and the lesson notebooks made from the release's stubs.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Tuple

from ..classroom import WORKFLOW
from ..course import LESSONS
from ..stubs import SOLUTIONS_DIR, stub_source

PROJECT = SOLUTIONS_DIR.parent
# What a student gets of the project, beside what the builder writes itself.
PACKAGES = ("checks", "worker", "digits", "experiments")
LEFT_OUT = ("__pycache__", "instructor", "stored", "*.pyc", ".DS_Store")
DOCS_HOOKS_KEPT = ("docs/hooks/katex.py",)  # pages.py re-renders from the reference; its output is committed
MIN_LINE = 12  # characters: shorter solution lines (`return A2`, `m = X.shape[1]`) are everyday NumPy


class ReleaseError(Exception):
    """The release cannot be built; one line says why."""


def build_release(out: Path, *, log=print) -> int:
    """Write the student release into `out` (a new or empty folder). Returns 0."""
    out = out.resolve()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ReleaseError(f"{out} exists and is not an empty folder: name a new folder")
    if out == PROJECT or PROJECT in out.parents:
        raise ReleaseError(f"{out} is inside the course itself: write the release somewhere else")
    if not out.parent.is_dir():
        raise ReleaseError(f"cannot write {out}: its folder {out.parent} does not exist")
    if not SOLUTIONS_DIR.is_dir():
        raise ReleaseError("this is already a student release (no solutions/): build releases from the full course")
    if importlib.util.find_spec("mkdocs") is None:  # checked first: the docs are rendered last, minutes in
        raise ReleaseError("the release ships its docs rendered, which needs mkdocs: install the docs extra "
                           "(pip install -e \".[docs]\") and run this again")
    with tempfile.TemporaryDirectory(prefix="release-", dir=out.parent) as scratch:
        staging = Path(scratch) / "course"
        staging.mkdir()
        log("copying the stubs, the checks, the worker, the digits and the experiments")
        _copy_course(staging)
        log("recording the reference's answers (grading the reference once, every call written down)")
        record_store(staging / "checks" / "stored")
        log("copying the docs (figures and numbers as committed) and writing the notebooks from the stubs")
        render_docs(staging)
        leave_out_instructors_pages(staging)
        leaks = leaked_lines(staging)
        if leaks:
            shown = "; ".join(f"{path}: {line!r}" for path, line in leaks[:3])
            raise ReleaseError(f"{len(leaks)} lines of solutions/ would be in the release ({shown}): "
                               "reword them in the course before releasing")
        out.mkdir(exist_ok=True)
        for item in staging.iterdir():
            shutil.move(str(item), out / item.name)
    log(f"wrote the student release to {out}: `cd {out} && pip install -e . && python -m checks`")
    return 0


def _copy_course(staging: Path) -> None:
    lessons = staging / "lessons"
    lessons.mkdir()
    shutil.copy(PROJECT / "lessons" / "__init__.py", lessons / "__init__.py")
    stubs = staging / "checks" / "stored"
    for package in PACKAGES:
        shutil.copytree(PROJECT / package, staging / package, ignore=shutil.ignore_patterns(*LEFT_OUT))
    stubs.mkdir(parents=True)
    for lesson in LESSONS:
        text = stub_source(lesson)
        (lessons / lesson.filename).write_text(text, encoding="utf-8")
        (stubs / f"{lesson.module}.stub").write_text(text, encoding="utf-8")
    (staging / "README.md").write_text(_readme(), encoding="utf-8")
    (staging / "pyproject.toml").write_text(_pyproject(), encoding="utf-8")
    (staging / ".gitignore").write_text("__pycache__/\n*.egg-info/\n/site/\n/lessons/.backups/\n/.checks/\n")
    workflow = staging / ".github" / "workflows" / "classroom.yml"  # GitHub Classroom's autograding
    workflow.parent.mkdir(parents=True)
    workflow.write_text(WORKFLOW, encoding="utf-8")


def record_store(folder: Path) -> None:
    """Grade the reference with each check file in its own process, recording into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CHECKS_RECORD": str(folder), "CHECKS_LESSONS": str(SOLUTIONS_DIR),
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONDONTWRITEBYTECODE": "1",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))

    def record(batch) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "pytest", *[str(lesson.check_file) for lesson in batch], "-q",
                   "-p", "no:cacheprovider", "-p", "_hypothesis_pytestplugin", "--rootdir", str(PROJECT)]
        with tempfile.TemporaryDirectory(prefix="record-") as cwd:
            return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)

    # One pytest process per core, each led by one of the two lessons that train a network.
    cores = max(1, os.cpu_count() or 2)
    slowest_first = sorted(LESSONS, key=lambda lesson: lesson.number not in (7, 10))
    batches = [slowest_first[i::cores] for i in range(cores) if slowest_first[i::cores]]
    with ThreadPoolExecutor(max_workers=cores) as pool:
        for finished in pool.map(record, batches):
            if finished.returncode != 0:
                failed = re.findall(r"^FAILED (\S+)", finished.stdout, re.M)
                tail = (finished.stdout + finished.stderr).strip().splitlines()[-1:]
                raise ReleaseError(f"the reference does not pass its own checks ({', '.join(failed[:3]) or 'see'} "
                                   f"{tail[0] if tail else 'no output'}), so nothing can be recorded")


def render_docs(staging: Path) -> None:
    """The docs as committed (values and figures made by `python -m docs_build`), without the markers
    around the values or the hook that re-renders them; the notebooks, made from the release's stubs."""
    sys.path.insert(0, str(PROJECT)) if str(PROJECT) not in sys.path else None
    from docs_build.notebooks import notebook_files
    from docs_build.placeholders import strip

    original = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    shutil.copytree(PROJECT / "docs", staging / "docs", ignore=shutil.ignore_patterns("hooks", "__pycache__"))
    for page in (staging / "docs").rglob("*.md"):
        page.write_text(strip(page.read_text(encoding="utf-8")), encoding="utf-8")
    kept_hooks = "".join(f"  - {hook}\n" for hook in DOCS_HOOKS_KEPT)
    mkdocs = re.sub(r"^hooks:\n(?:  - .*\n)+", f"hooks:\n{kept_hooks}", original, flags=re.M)
    (staging / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    for hook in DOCS_HOOKS_KEPT:
        (staging / hook).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT / hook, staging / hook)
    stubs = {lesson.module: (staging / "lessons" / lesson.filename).read_text(encoding="utf-8") for lesson in LESSONS}
    for path, data in notebook_files(stubs, staging / "notebooks").items():
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)


INSTRUCTORS_PAGES = ("instructors.md",)  # under docs/: the class's workflow, the exam's secret, what a release reveals
INSTEAD_OF_A_LINK = "the instructors' guide (in the full course, not in this release)"


def leave_out_instructors_pages(staging: Path) -> None:
    """Remove the instructors' pages from the release's docs and site: the pages, their entries in
    mkdocs.yml's nav, and every link to them (its words stay, pointing at the full course)."""
    for page in INSTRUCTORS_PAGES:
        (staging / "docs" / page).unlink(missing_ok=True)
    names = "|".join(re.escape(page) for page in INSTRUCTORS_PAGES)
    config = staging / "mkdocs.yml"
    config.write_text(re.sub(rf"^ *- [^\n]*: (?:{names})\n", "", config.read_text(encoding="utf-8"), flags=re.M),
                      encoding="utf-8")
    link = re.compile(rf"\[[^\]]*\]\((?:\.\./)*(?:{names})(?:#[^)]*)?\)")
    for path in (staging / "docs").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if link.search(text):
            path.write_text(link.sub(INSTEAD_OF_A_LINK, text), encoding="utf-8")


def solution_lines() -> Dict[str, str]:
    """Every line the learner writes in the reference (between the markers), stripped: {line: file}."""
    found: Dict[str, str] = {}
    block = re.compile(r"^ *### BEGIN SOLUTION\n(.*?)^ *### END SOLUTION", re.M | re.S)
    for path in sorted(SOLUTIONS_DIR.glob("*.py")):
        for match in block.finditer(path.read_text(encoding="utf-8")):
            for line in match.group(1).splitlines():
                text = line.strip()
                if len(text) >= MIN_LINE and not text.startswith("#"):
                    found.setdefault(text, path.name)
    return found


def leaked_lines(folder: Path) -> List[Tuple[str, str]]:
    """(file, line) for each line of solutions/ that a file under `folder` contains, whatever the file."""
    lines = solution_lines()
    leaks = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        text = data.decode("utf-8", "replace")
        if path.suffix == ".ipynb":  # its cells as text: JSON escapes the quotes a line may hold
            text = "\n".join(_cell_sources(text))
        if path.suffix in (".ipynb", ".md", ".py", ".txt", ".yml", ".toml", ".html", ".js", ".json", ".stub", ".cfg", ""):
            present = {line.strip() for line in text.splitlines()}
            leaks += [(str(path.relative_to(folder)), line) for line in lines if line in present]
        else:  # data and binary files: the line anywhere in their bytes
            leaks += [(str(path.relative_to(folder)), line) for line in lines if line.encode() in data]
    return leaks


def _cell_sources(text: str) -> List[str]:
    """The source of each cell of a notebook's JSON text (none when it is not a notebook)."""
    import json

    try:
        cells = json.loads(text).get("cells", [])
        return ["".join(cell.get("source", "")) for cell in cells if isinstance(cell, dict)]
    except (ValueError, AttributeError, TypeError):
        return [text]


def _readme() -> str:
    total = sum(lesson.points for lesson in LESSONS if lesson.part == 1)
    table = "\n".join(f"| {lesson.number} | `lessons/{lesson.filename}` | {lesson.title} | {lesson.points} |"
                      for lesson in LESSONS)
    return f"""# Four or five: a neural network from scratch

You write, in NumPy, every piece of a network that tells handwritten 4s from 5s: the sigmoid,
the forward pass, the loss, backpropagation, the update, the training loop and the classifier.
The checks tell you, as you go, whether each piece is right and, when it is not, what is wrong.

## Setup and the two commands

```
pip install -e . && python -m checks     # install, then grade every lesson
python -m checks 4                       # one lesson, its first failure explained
```

Also: `python -m checks hint 4` (a hint), `python -m checks watch 4` (grade on every save),
`python -m checks reset 4` (restore the stub; your file is backed up first).
The guide is the site: `pip install -e ".[docs]" && mkdocs serve`, then open http://127.0.0.1:8000/.

## The lessons

Lessons 1-7 are the course ({total} points); lessons 8-10, "Going further", are optional.

| lesson | your file | what you write | points |
|---|---|---|---|
{table}

## About this release

This is the class release of the course: it has no reference solutions. Its checks compare
your code with values the reference computed when the release was built (stored in
`checks/stored/`): the same inputs, expected values, numerical gradients and training runs
the full grader uses. A lesson that uses an earlier one (lesson 4 uses your lesson 1's
`sigmoid_prime`) runs your own earlier lesson, so it is graded once that lesson passes;
until then it says which lesson to fix first. Your instructor may grade your submission
with the full grader. In a GitHub Classroom assignment, `.github/workflows/classroom.yml`
grades every push (`python -m checks classroom`) and shows the points under Actions.
"""


def _pyproject() -> str:
    text = (PROJECT / "pyproject.toml").read_text(encoding="utf-8")
    text = re.sub(r'^packages = \[.*\]$', 'packages = ["lessons", "checks", "worker", "digits", "experiments"]', text, flags=re.M)
    text = re.sub(r'^checks = \[.*\]$', 'checks = ["hints/*.md", "stored/*"]', text, flags=re.M)
    text = re.sub(r'^"checks\.instructor" = .*\n', "", text, flags=re.M)
    # Only what a student needs: the docs extra stays; the project's own test and benchmark extras go.
    text = re.sub(r'^(dev|bench|data|similarity) = .*\n', "", text, flags=re.M)
    text = re.sub(r'^# (Everything the project|Peers for|Regenerates|grade-class).*\n', "", text, flags=re.M)
    text = re.sub(r'^\[tool\.pytest\.ini_options\]\n(?:.*\n)*?(?=^\[|\Z)', "", text, flags=re.M)
    return text
