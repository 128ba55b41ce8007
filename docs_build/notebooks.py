"""notebooks/<module>.ipynb: each lesson as a notebook, made from its page and its stub.

A notebook is, in order (docs/notebooks.md):

1. the lesson's title, with Open-in-Colab and Binder links (from pyproject.toml's
   [project.urls] Repository, the one place the address is set);
2. the first cell: on Colab (or any Python without the course) it installs the course with
   `%pip` from that address; then `checks.setup(module)` finds or makes the course folder
   and works there (checks/notebook.py);
3. the page's text (docs/lessons/NN-slug.md as committed, its values filled in by the build), a
   markdown cell per section: questions as quotes, collapsed answers as <details>, math as
   $...$, the figures as cell attachments (a notebook opened alone still shows them), links
   to other lessons as links to their notebooks;
4. the lesson cell, `%%writefile lessons/<module>.py` followed by the stub: the learner's
   code is written to the lesson file that the one grader grades;
5. `checks.grade(N)` and `checks.hint(N)`.

nbformat writes them (validated, so JupyterLab, VS Code and Colab open them without a
"repaired" warning); the bytes depend only on the sources, so `python -m docs_build --check`
can tell a stale notebook.
"""

import base64
import re
import sys
from pathlib import Path
from typing import Dict, List, Optional

from checks.course import LESSONS, Lesson
from checks.notebook import in_notebook_words
from checks.stubs import stub_source

from . import DOCS, ROOT
from .placeholders import strip

NOTEBOOKS = ROOT / "notebooks"
BRANCH = "main"  # the branch the badges and links point at


def repository() -> str:
    """The course's public address, pyproject.toml's [project.urls] Repository."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib.loads(text)["project"]["urls"]["Repository"].rstrip("/")
    match = re.search(r'^Repository\s*=\s*"([^"]+)"', text, re.M)  # Python 3.10: no tomllib
    return match.group(1).rstrip("/")


def github_path(url: str) -> str:
    """"owner/name" of a GitHub address."""
    match = re.fullmatch(r"https://github\.com/([^/]+/[^/]+?)(?:\.git)?", url)
    if match is None:
        raise ValueError(f"[project.urls] Repository must be a GitHub address (https://github.com/OWNER/NAME), got {url}")
    return match.group(1)


def colab_url(lesson: Lesson, url: Optional[str] = None) -> str:
    return (f"https://colab.research.google.com/github/{github_path(url or repository())}/blob/{BRANCH}/"
            f"notebooks/{lesson.module}.ipynb")


def binder_url(lesson: Lesson, url: Optional[str] = None) -> str:
    return f"https://mybinder.org/v2/gh/{github_path(url or repository())}/{BRANCH}?labpath=notebooks%2F{lesson.module}.ipynb"


def install_spec(url: Optional[str] = None) -> str:
    """What `%pip install` gets on Colab: the course at that address."""
    return f"four-or-five @ git+{url or repository()}"


# --- the page as notebook markdown -------------------------------------------------------------

ADMONITION = re.compile(r'^(?P<indent> *)(?P<mark>!!!|\?\?\?\+?) *(?P<kind>\w+)(?: +"(?P<title>[^"]*)")? *$')
FIGURE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?:\.\./)*figures/(?P<path>[^)\s]+)\)")
BADGES = re.compile(r"\n?<!-- lesson\.notebook -->.*?<!-- /lesson\.notebook -->\n?", re.S)
ATTRIBUTES = re.compile(r"[ \t]*\{:?[ \t]*(?:[.#][\w-]+|[\w-]+=(?:\"[^\"]*\"|\S+))(?:[ \t]+(?:[.#][\w-]+|[\w-]+=(?:\"[^\"]*\"|\S+)))*[ \t]*\}(?=[ \t]*$)", re.M)  # attr_list's { .class key="v" }
LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)")


def _admonitions(lines: List[str]) -> List[str]:
    """MkDocs admonitions as notebook Markdown: `???` as a collapsed <details>, `!!!` as a quote."""
    out: List[str] = []
    i = 0
    while i < len(lines):
        match = ADMONITION.match(lines[i])
        if match is None:
            out.append(lines[i])
            i += 1
            continue
        indent = match["indent"]
        body: List[str] = []
        i += 1
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith(indent + "    ")):
            body.append(lines[i][len(indent) + 4:] if lines[i].strip() else "")
            i += 1
        while body and not body[-1]:
            body.pop()
        inner = _admonitions(body)
        title = match["title"] if match["title"] is not None else match["kind"].capitalize()
        if match["mark"].startswith("???"):
            opened = " open" if match["mark"] == "???+" else ""
            out += [f"{indent}<details{opened}><summary><b>{title}</b></summary>", ""]
            out += [f"{indent}{line}" if line else "" for line in inner]
            out += ["", f"{indent}</details>"]
        else:
            out += [f"{indent}> **{title}**", f"{indent}>"]
            out += [f"{indent}> {line}".rstrip() for line in inner]
        out.append("")  # what follows is Markdown again, not part of the block
    return out


def _math(text: str) -> str:
    r"""\( \) and \[ \] as $ and $$, which every notebook renderer typesets (code is left alone)."""
    parts = re.split(r"(```.*?```|`[^`\n]*`)", text, flags=re.S)
    for index in range(0, len(parts), 2):
        parts[index] = re.sub(r"\\\((.+?)\\\)", lambda m: f"${m.group(1).strip()}$", parts[index], flags=re.S)
        parts[index] = re.sub(r"\\\[(.+?)\\\]", lambda m: f"$${m.group(1)}$$", parts[index], flags=re.S)
    return "".join(parts)


def _links(text: str, page: str, url: str) -> str:
    """Links of the page as links from notebooks/: other lessons' notebooks, the rest on GitHub."""
    notebook_of = {lesson.docs_page.removeprefix("docs/"): f"{lesson.module}.ipynb" for lesson in LESSONS}
    here = Path(page).parent

    def target(match: re.Match) -> str:
        link = match["target"]
        if re.match(r"[a-z]+:|#", link):
            return match.group(0)
        path, _, anchor = link.partition("#")
        resolved = (here / path).as_posix()
        parts = []
        for part in resolved.split("/"):
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        resolved = "/".join(parts)
        if resolved in notebook_of:
            new = notebook_of[resolved] + (f"#{anchor}" if anchor else "")
        else:
            new = f"{url}/blob/{BRANCH}/docs/{resolved}" + (f"#{anchor}" if anchor else "")
        return f"[{match['text']}]({new})"

    return LINK.sub(target, text)


def page_cells(lesson: Lesson, url: str) -> List[dict]:
    """The lesson page as markdown cells, one a section (## heading), figures attached."""
    import nbformat.v4 as nbf

    page = lesson.docs_page.removeprefix("docs/")
    text = (DOCS / page).read_text(encoding="utf-8")  # as committed: the build wrote its values
    text = strip(BADGES.sub("", text))  # the page's line that opens this notebook: its first cell has the links
    text = ATTRIBUTES.sub("", "\n".join(_admonitions(text.splitlines())))
    text = in_notebook_words(_links(_math(text), page, url))
    sections = re.split(r"^(?=## )", text, flags=re.M)
    cells = []
    for section in sections:
        section = section.strip("\n")
        if not section:
            continue
        attachments: Dict[str, dict] = {}

        def attach(match: re.Match) -> str:
            path = DOCS / "figures" / match["path"]
            name = match["path"].replace("/", "-")
            attachments[name] = {"image/png": base64.b64encode(path.read_bytes()).decode("ascii")}
            alt = " ".join(match["alt"].split())
            return f"![{alt}](attachment:{name})"

        section = FIGURE.sub(attach, section)
        cell = nbf.new_markdown_cell(section)
        if attachments:
            cell["attachments"] = attachments
        cells.append(cell)
    return cells


# --- the notebook ------------------------------------------------------------------------------

def setup_source(lesson: Lesson, url: str) -> str:
    return f'''# Run this cell first. It makes the course ready wherever this notebook runs. On Colab (or in any
# Python without the course) it installs the course from {url}; then it finds
# the course folder (your clone, or ./four-or-five, which it makes the first time) and works there.
# It only adds files that are missing: a lesson file you have written is never replaced.
# Colab forgets your files when its runtime is reset, but your code is in this notebook: run every
# cell again (Runtime > Run all) and the lesson cell below writes your lesson file back.
import sys
from pathlib import Path

course = next((folder for folder in (Path.cwd(), *Path.cwd().parents)
               if (folder / "checks" / "notebook.py").is_file()), None)
if course is not None:  # a clone or a release of the course: use its own checks
    sys.path.insert(0, str(course))
try:
    import checks.notebook
except ImportError:  # Colab, or a Python without the course
    %pip install --quiet "{install_spec(url)}"
    import checks.notebook
course = checks.setup("{lesson.module}")'''


def notebook(lesson: Lesson, stub: Optional[str] = None, url: Optional[str] = None):
    """The notebook of `lesson` (an nbformat NotebookNode); `stub`: the lesson cell's code (default: the stub)."""
    import nbformat.v4 as nbf

    url = url or repository()
    page = lesson.docs_page.removeprefix("docs/")
    cells = page_cells(lesson, url)
    title, _, rest = cells[0]["source"].partition("\n")
    intro = (f"{title}\n\n"
             f"[Open in Colab]({colab_url(lesson, url)}) · [Launch on Binder]({binder_url(lesson, url)}) · "
             f"[the page on GitHub]({url}/blob/{BRANCH}/docs/{page})\n\n"
             f"Run the first code cell, read on, then write your code in the cell that starts "
             f"`%%writefile lessons/{lesson.filename}`: running it saves your code as the lesson file, and "
             f"`checks.grade({lesson.number})` below grades that file with the course's grader, as "
             f"`python -m checks {lesson.number}` does in a terminal.\n{rest}").rstrip()
    cells[0]["source"] = intro
    code = stub if stub is not None else stub_source(lesson)
    cells = [cells[0], nbf.new_code_cell(setup_source(lesson, url)), *cells[1:],
             nbf.new_markdown_cell(f"## Your code\n\nWrite the functions of lesson {lesson.number} in the cell below "
                                   f"and run it: it saves them as `lessons/{lesson.filename}`. The docstrings give "
                                   "the contract: what each function takes and returns, the shapes, what must never "
                                   "happen."),
             nbf.new_code_cell(f"%%writefile lessons/{lesson.filename}\n{code}".rstrip("\n")),
             nbf.new_markdown_cell("## Grade it\n\nThis runs the course's grader on your lesson file, in processes "
                                   "of its own (your code never runs in this kernel's grading): each check, then the "
                                   "first failure explained. Run the lesson cell first whenever you change it."),
             nbf.new_code_cell(f"checks.grade({lesson.number})"),
             nbf.new_markdown_cell("## A hint\n\nStuck? Each run gives the next hint for your last grading's first "
                                   "failure (a nudge, then the concept, then nearly the answer)."),
             nbf.new_code_cell(f"checks.hint({lesson.number})")]
    book = nbf.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "colab": {"provenance": [], "toc_visible": True},
    })
    for index, cell in enumerate(book.cells):  # ids from the content's place, so a rebuild is byte-identical
        cell["id"] = f"{lesson.module.split('_')[0]}-{index:02d}"
    return book


def notebook_text(lesson: Lesson, stub: Optional[str] = None, url: Optional[str] = None) -> str:
    import nbformat

    book = notebook(lesson, stub, url)
    nbformat.validate(book)
    return nbformat.writes(book) + "\n"


def notebook_files(stubs: Optional[Dict[str, str]] = None, folder: Path = NOTEBOOKS) -> Dict[Path, bytes]:
    """{notebooks/<module>.ipynb: its bytes} for every lesson; `stubs` by module (default: the stubs)."""
    return {folder / f"{lesson.module}.ipynb":
            notebook_text(lesson, (stubs or {}).get(lesson.module)).encode("utf-8") for lesson in LESSONS}
