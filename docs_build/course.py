"""{{ course.* }} and {{ lesson.* }}: the pages quote the lesson table of checks/course.py instead of copying it.

  {{ course.table }}          the lessons, their functions and points, linked to their pages
  {{ course.total_points }}   the points of the whole course
  {{ course.notebooks }}      the lessons' notebooks, each with its Open-in-Colab and Binder badges (the README)
  {{ lesson.points }}         on a lesson's page: that lesson's points (also .number, .title)
  {{ lesson.notebook }}       on a lesson's page: its notebook, with the badges that open it in Colab and on Binder
Points are set in one place, the LESSONS table; the pages follow it.
"""

import posixpath

from checks.course import LESSONS

SCOPES = ("course", "lesson")


def _table(page: str) -> str:
    here = posixpath.dirname(page)
    rows = ["| lesson | you write | points |", "|---|---|---|"]
    for lesson in LESSONS:
        link = posixpath.relpath(lesson.docs_page.removeprefix("docs/"), here or ".")
        functions = ", ".join(f"`{name}`" for name in lesson.functions)
        rows.append(f"| [{lesson.number}. {lesson.title}]({link}) | {functions} | {lesson.points} |")
    rows.append(f"| | **total** | **{sum(lesson.points for lesson in LESSONS)}** |")
    return "\n".join(rows)


def _from(page: str, target: str) -> str:
    """The link from `page` (under docs/, or "../README.md") to `target` (a path from the project's root)."""
    here = posixpath.dirname(posixpath.normpath(f"/docs/{page}"))
    return posixpath.relpath(f"/{target}", here)


def _badges(lesson, page: str) -> str:
    from .notebooks import binder_url, colab_url

    return (f"[![Open in Colab]({_from(page, 'docs/assets/badges/colab.svg')})]({colab_url(lesson)}) "
            f"[![Launch on Binder]({_from(page, 'docs/assets/badges/binder.svg')})]({binder_url(lesson)})")


def _notebooks(page: str) -> str:
    rows = ["| lesson | notebook | open it |", "|---|---|---|"]
    for lesson in LESSONS:
        notebook = f"notebooks/{lesson.module}.ipynb"
        rows.append(f"| {lesson.number}. {lesson.title} | [`{notebook}`]({_from(page, notebook)}) | "
                    f"{_badges(lesson, page)} |")
    return "\n".join(rows)


def value(scope: str, name: str, page: str) -> str:
    """The text of {{ scope.name }} on `page` (a path under docs/, e.g. "lessons/04-backward.md")."""
    if scope == "course" and name == "table":
        return _table(page)
    if scope == "course" and name == "notebooks":
        return _notebooks(page)
    if scope == "course" and name == "total_points":
        return str(sum(lesson.points for lesson in LESSONS))
    this = next((lesson for lesson in LESSONS if lesson.docs_page == f"docs/{page}"), None)
    if scope == "lesson" and this is not None and name in ("points", "number", "title"):
        return str(getattr(this, name))
    if scope == "lesson" and this is not None and name == "notebook":
        from .notebooks import BRANCH, repository

        notebook = f"notebooks/{this.module}.ipynb"
        return (f"**Or in a notebook:** [`{notebook}`]({repository()}/blob/{BRANCH}/{notebook}) "
                f"{_badges(this, page)}")
    raise KeyError(name)


def figures():
    return None  # no figures of its own
