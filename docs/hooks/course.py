"""mkdocs hook: the site quotes the lesson table of checks/course.py instead of copying it.

Placeholders (an unknown one fails the build):
  {{ course.table }}          the lessons, their functions and points, linked to their pages
  {{ course.total_points }}   the points of the whole course
  {{ lesson.points }}         on a lesson's page: that lesson's points
Points are set in one place, the LESSONS table; the pages follow it.
"""

import posixpath
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

PLACEHOLDER = re.compile(r"\{\{\s*(course|lesson)\.(\w+)\s*\}\}")


def _lessons(config):
    root = str(Path(config.config_file_path).resolve().parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from checks.course import LESSONS
    return LESSONS


def _table(lessons, page) -> str:
    here = posixpath.dirname(page.file.src_uri)
    rows = ["| lesson | you write | points |", "|---|---|---|"]
    for lesson in lessons:
        link = posixpath.relpath(lesson.docs_page.removeprefix("docs/"), here or ".")
        functions = ", ".join(f"`{name}`" for name in lesson.functions)
        rows.append(f"| [{lesson.number}. {lesson.title}]({link}) | {functions} | {lesson.points} |")
    rows.append(f"| | **total** | **{sum(lesson.points for lesson in lessons)}** |")
    return "\n".join(rows)


def on_page_markdown(markdown, page, config, files):
    if not PLACEHOLDER.search(markdown):
        return markdown
    lessons = _lessons(config)
    this = next((l for l in lessons if l.docs_page == f"docs/{page.file.src_uri}"), None)

    def value(match):
        scope, name = match.groups()
        if scope == "course" and name == "table":
            return _table(lessons, page)
        if scope == "course" and name == "total_points":
            return str(sum(lesson.points for lesson in lessons))
        if scope == "lesson" and this is not None and name in ("points", "number", "title"):
            return str(getattr(this, name))
        raise PluginError(f"{page.file.src_uri}: unknown placeholder {match.group(0)}")
    return PLACEHOLDER.sub(value, markdown)
