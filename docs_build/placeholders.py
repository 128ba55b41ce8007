"""Generated text kept inside the pages themselves, between two HTML comments.

An author writes a placeholder, `{{ scope.name }}` (`{{ run.accuracy }}`, `{{ grader.bce_no_clip }}`).
`python -m docs_build` replaces it by its value between markers, in the page file itself:

    inline        reaches {{ run.accuracy_percent }} on     ->  reaches <!-- run.accuracy_percent -->99.0%<!-- /run.accuracy_percent --> on
    inline code   `{{ run.confusion_matrix }}`              ->  <!-- run.confusion_matrix -->`[[103, 0], [2, 95]]`<!-- /run.confusion_matrix -->
    a block       a placeholder alone on its line (after indentation) becomes the opening marker,
                  an empty line, the value's lines indented like it, an empty line and the closing marker

A page on GitHub or in an editor shows the values (HTML comments are not shown); the next
build replaces what is between the markers, so values never go stale silently (the test
suite fails when a page differs from what the build would write). `strip` removes the
markers: the site and the notebooks get plain Markdown. No placeholder syntax is ever left
in a committed page.
"""

import re
from typing import Callable

NAME = r"[a-z]+\.\w+"
BARE = re.compile(r"(?P<tick>`?)\{\{\s*(?P<name>" + NAME + r")\s*\}\}(?P=tick)")
BLOCK = re.compile(r"^(?P<indent>[ \t]*)<!-- (?P<name>" + NAME + r") -->\n.*?\n(?P=indent)<!-- /(?P=name) -->$",
                   re.M | re.S)
INLINE = re.compile(r"<!-- (?P<name>" + NAME + r") -->(?P<value>[^\n]*?)<!-- /(?P=name) -->")
ANY = re.compile(r"\{\{\s*(?P<bare>" + NAME + r")\s*\}\}|<!-- (?P<marked>" + NAME + r") -->")
BARE_BLOCK = re.compile(r"^(?P<indent>[ \t]*)\{\{\s*(?P<name>" + NAME + r")\s*\}\}[ \t]*$", re.M)

Values = Callable[[str], str]  # "run.accuracy" -> its text; KeyError for a name it does not know


class UnknownPlaceholder(KeyError):
    """A placeholder no source knows: the build stops and names it."""


def _block(indent: str, name: str, value: str) -> str:
    body = "\n".join(f"{indent}{line}" if line.strip() else "" for line in value.splitlines())
    return f"{indent}<!-- {name} -->\n\n{body}\n\n{indent}<!-- /{name} -->"


def _inline(name: str, value: str, code: bool) -> str:
    if "\n" in value:
        raise UnknownPlaceholder(f"{{{{ {name} }}}} is a block: put it alone on its line")
    return f"<!-- {name} -->{'`' if code else ''}{value}{'`' if code else ''}<!-- /{name} -->"


def fill(text: str, value: Values) -> str:
    """`text` with every placeholder and every marked value (re)made from `value`."""

    def get(name: str) -> str:
        try:
            return value(name)
        except KeyError:
            raise UnknownPlaceholder(f"unknown placeholder {{{{ {name} }}}}") from None

    def block(match: re.Match) -> str:
        return _block(match["indent"], match["name"], get(match["name"]))

    def inline(match: re.Match) -> str:
        old = match["value"]
        return _inline(match["name"], get(match["name"]), len(old) > 1 and old.startswith("`") and old.endswith("`"))

    text = BLOCK.sub(block, text)
    text = BARE_BLOCK.sub(block, text)
    text = INLINE.sub(inline, text)
    return BARE.sub(lambda m: _inline(m["name"], get(m["name"]), bool(m["tick"])), text)


def strip(text: str) -> str:
    """`text` without the markers: each value as plain Markdown."""
    text = BLOCK.sub(lambda m: "\n".join(m.group(0).splitlines()[2:-2]), text)
    return INLINE.sub(lambda m: m["value"], text)


def names(text: str) -> list:
    """The name of every placeholder and marked value in `text`, in order."""
    return [m["bare"] or m["marked"] for m in ANY.finditer(text)]
