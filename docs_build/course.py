"""{{ course.* }} and {{ lesson.* }}: the pages quote the lesson table of checks/course.py instead of copying it.

  {{ course.table }}          the lessons, their functions and points, linked to their pages
  {{ course.total_points }}   the points of the whole course
  {{ lesson.points }}         on a lesson's page: that lesson's points (also .number, .title)
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


def value(scope: str, name: str, page: str) -> str:
    """The text of {{ scope.name }} on `page` (a path under docs/, e.g. "lessons/04-backward.md")."""
    if scope == "course" and name == "table":
        return _table(page)
    if scope == "course" and name == "total_points":
        return str(sum(lesson.points for lesson in LESSONS))
    this = next((lesson for lesson in LESSONS if lesson.docs_page == f"docs/{page}"), None)
    if scope == "lesson" and this is not None and name in ("points", "number", "title"):
        return str(getattr(this, name))
    raise KeyError(name)


def figures():
    return None  # no figures of its own
