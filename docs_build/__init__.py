"""The pages' generated content in one build step: `python -m docs_build` (docs/notebooks.md).

It makes, from the course's sources (solutions/, checks/, experiments/, digits/):

- every value the pages quote (the lesson table, the reference run's numbers, the worked
  example, the grader's own messages for planted mistakes, the notebooks' badges, ...),
  written into the pages themselves (docs/*.md, docs/lessons/*.md, README.md) between HTML
  comments (docs_build/placeholders.py), so a page read on GitHub or in an editor shows
  numbers, not `{{ }}`;
- the figures, written to docs/figures/ (the pages link them as ../figures/NAME.png);
- the lesson notebooks, notebooks/<module>.ipynb (docs_build/notebooks.py).

The sources of the values, one module each: course.py ({{ course.* }}, {{ lesson.* }}), run.py
({{ run.* }}, {{ seed.* }}), deep.py ({{ deep.* }}), teaching.py ({{ worked.* }}, {{ sweep.* }},
{{ points.* }}, {{ experiments.* }}, {{ grader.* }}). Runs are cached on disk, keyed by what
shapes them, so an unchanged build takes seconds.

`python -m docs_build --check` writes nothing and fails when a page, figure or notebook
differs from what the build would write (the test suite runs the same check). The MkDocs
hook docs/hooks/pages.py calls `render` on each page, so the site is always fresh; with
no hook at all (another engine reading mkdocs.yml), the committed pages are the content.
"""

import os
import re
from pathlib import Path
from typing import Callable, Dict, List

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FIGURES = DOCS / "figures"


# Values and figures that measure time: a new run gives new ones, so `--check` does not compare them
# (their sources' other values and figures it does).
MEASURED = re.compile(r"<!-- (?P<name>(?:deep|run)\.\w*(?:seconds|speedup)\w*) -->.*?<!-- /(?P=name) -->")
MEASURED_FIGURES = ("deep/compare_val_accuracy.png",)  # its right panel's axis is the training time


def masked(text: str) -> str:
    """`text` with each measured value replaced by its name: what `--check` compares."""
    return MEASURED.sub(lambda m: f"<!-- {m['name']} -->(measured)<!-- /{m['name']} -->", text)


class BuildError(Exception):
    """The pages cannot be built (a run failed, a placeholder is unknown); the message says why."""


def _sources():
    from . import course, deep, run, teaching  # imported on use: each import is cheap, its runs are not

    return (course, run, deep, teaching)


def values(page: str) -> Callable[[str], str]:
    """The placeholders' values on `page` (a path under docs/: "lessons/04-backward.md")."""
    by_scope = {scope: source for source in _sources() for scope in source.SCOPES}

    def value(name: str) -> str:
        scope, key = name.split(".", 1)
        if scope not in by_scope:
            raise KeyError(name)
        return by_scope[scope].value(scope, key, page)

    return value


def render(text: str, page: str) -> str:
    """The page's Markdown as the site and the notebooks show it: every value fresh, no markers."""
    from .placeholders import UnknownPlaceholder, fill, strip

    try:
        return strip(fill(text, values(page)))
    except UnknownPlaceholder as error:
        raise BuildError(f"docs/{page}: {error.args[0]}") from None


def pages() -> List[Path]:
    """Every page with generated values: the site's (docs/*.md, docs/lessons/*.md) and the README."""
    return sorted(DOCS.glob("*.md")) + sorted((DOCS / "lessons").glob("*.md")) + [ROOT / "README.md"]


def page_name(path: Path) -> str:
    """A page's name as `values` takes it: its path under docs/ ("../README.md" for the README)."""
    return Path(os.path.relpath(path, DOCS)).as_posix()


def page_files() -> Dict[Path, bytes]:
    """{path: what the build writes there} for the pages."""
    from .placeholders import UnknownPlaceholder, fill

    out = {}
    for path in pages():
        page = page_name(path)
        try:
            out[path] = fill(path.read_text(encoding="utf-8"), values(page)).encode("utf-8")
        except UnknownPlaceholder as error:
            raise BuildError(f"docs/{page}: {error.args[0]}") from None
    return out


def figure_files() -> Dict[Path, bytes]:
    """{path under docs/figures/: the PNG} for every figure the sources draw."""
    out = {}
    for source in _sources():
        folder = source.figures()
        if folder is None:
            continue
        target = FIGURES / getattr(source, "SITE_FOLDER", "")
        for path in sorted(folder.iterdir()):
            out[target / path.name] = path.read_bytes()
    return out


def stale(files: Dict[Path, bytes], measured_too: bool = True) -> List[Path]:
    """The paths whose bytes on disk differ from `files` (without `measured_too`: but for measured values and figures)."""
    def differs(path: Path, data: bytes) -> bool:
        if not path.is_file():
            return True
        old = path.read_bytes()
        if measured_too or old == data:
            return old != data
        if path.suffix == ".md":
            return masked(old.decode("utf-8")) != masked(data.decode("utf-8"))
        return path.relative_to(FIGURES).as_posix() not in MEASURED_FIGURES if FIGURES in path.parents else True

    return [path for path, data in files.items() if differs(path, data)]


def build(check: bool = False, log=print) -> List[Path]:
    """Write the pages, figures and notebooks (or, with `check`, only list what is stale). Returns the stale paths."""
    from .notebooks import notebook_files

    figures = figure_files()
    old_figures = [p for folder in (FIGURES, FIGURES / "deep") if folder.is_dir()
                   for p in folder.glob("*.png") if p not in figures]
    files = {**page_files(), **figures}
    changed = stale(files, measured_too=not check)
    if not check:
        for path in changed:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[path])
            log(f"wrote {path.relative_to(ROOT)}")
    notebooks = notebook_files()  # made from the pages just written
    changed_notebooks = stale(notebooks)
    if not check:
        for path in changed_notebooks:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(notebooks[path])
            log(f"wrote {path.relative_to(ROOT)}")
        for path in old_figures:  # a figure no source draws any more
            path.unlink()
            log(f"removed {path.relative_to(ROOT)}")
    return changed + changed_notebooks + old_figures


def new_build() -> None:
    """Hash the sources again (`mkdocs serve` rebuilds after an edit)."""
    from .cache import new_build as forget

    forget()
