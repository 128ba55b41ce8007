"""The one build step of the pages (`python -m docs_build`, docs/notebooks.md): the committed pages show
values, not placeholders, their figures exist, nothing is stale, and the MkDocs hook only re-renders."""

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docs_build  # noqa: E402
from docs_build.placeholders import UnknownPlaceholder, fill, names, strip  # noqa: E402

IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


@pytest.mark.parametrize("path", docs_build.pages(), ids=lambda path: docs_build.page_name(path))
def test_a_raw_page_shows_no_placeholder_and_every_image_it_links_exists(path):
    text = path.read_text(encoding="utf-8")
    assert not re.findall(r"\{\{[^}]*\}\}", text), "run `python -m docs_build`"
    for link in IMAGE.findall(text):
        if re.match(r"[a-z]+:", link):
            continue
        assert (path.parent / link).resolve().is_file(), f"{link} does not exist beside {path.name}"


def test_the_pages_figures_and_notebooks_are_what_the_build_writes():
    """So the hook, which renders each page from the same sources, shows what the committed page shows:
    an engine without hooks builds the same site (measured times aside: a new run measures new ones)."""
    stale = docs_build.build(check=True, log=lambda line: None)
    assert not stale, f"stale (run `python -m docs_build`): {[str(p.relative_to(ROOT)) for p in stale]}"


VALUES = {"run.accuracy": "0.990", "run.confusion_matrix": "[[1, 2], [3, 4]]",
          "grader.x": "```text\n$ python -m checks 1\n\nfailed\n```"}


def test_a_placeholder_becomes_its_value_between_markers_and_the_next_build_replaces_it():
    page = ("We reach {{ run.accuracy }} (`{{ run.confusion_matrix }}`).\n\n"
            "??? example \"A mistake\"\n    {{ grader.x }}\n\nThe end.\n")
    built = fill(page, VALUES.__getitem__)
    assert "{{" not in built
    assert "We reach <!-- run.accuracy -->0.990<!-- /run.accuracy --> " in built
    assert "<!-- run.confusion_matrix -->`[[1, 2], [3, 4]]`<!-- /run.confusion_matrix -->" in built
    assert "    <!-- grader.x -->\n\n    ```text\n    $ python -m checks 1\n\n    failed\n    ```\n\n    <!-- /grader.x -->" \
        in built
    assert fill(built, VALUES.__getitem__) == built
    again = fill(built, {**VALUES, "run.accuracy": "0.995", "grader.x": "one line"}.__getitem__)
    assert "<!-- run.accuracy -->0.995<!-- /run.accuracy -->" in again and "    one line\n" in again
    assert names(page) == names(built) == ["run.accuracy", "run.confusion_matrix", "grader.x"]
    assert strip(built) == ("We reach 0.990 (`[[1, 2], [3, 4]]`).\n\n??? example \"A mistake\"\n"
                            "    ```text\n    $ python -m checks 1\n\n    failed\n    ```\n\nThe end.\n")


def test_measured_times_are_not_compared_but_everything_else_is(tmp_path):
    page = "took <!-- deep.seed_seconds -->3.80<!-- /deep.seed_seconds --> s, <!-- deep.n_val -->80<!-- /deep.n_val -->"
    assert docs_build.masked(page) == docs_build.masked(page.replace("3.80", "4.10"))
    assert docs_build.masked(page) != docs_build.masked(page.replace(">80<", ">81<"))
    path = tmp_path / "page.md"
    path.write_text(page)
    assert docs_build.stale({path: page.replace("3.80", "4.10").encode()}, measured_too=False) == []
    assert docs_build.stale({path: page.replace("3.80", "4.10").encode()}) == [path]
    assert docs_build.stale({path: page.replace(">80<", ">81<").encode()}, measured_too=False) == [path]


def test_an_unknown_placeholder_stops_the_build_naming_it_and_the_page():
    with pytest.raises(UnknownPlaceholder, match=r"run\.nothing"):
        fill("a {{ run.nothing }} b", VALUES.__getitem__)
    with pytest.raises(docs_build.BuildError, match=r"docs/lessons/01-sigmoid\.md: unknown placeholder \{\{ run\.nothing \}\}"):
        docs_build.render("a {{ run.nothing }} b", "lessons/01-sigmoid.md")


def test_the_mkdocs_hook_calls_the_build_step():
    spec = importlib.util.spec_from_file_location("docs_hook_pages", ROOT / "docs" / "hooks" / "pages.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)

    class Page:
        class file:
            src_uri = "lessons/04-backward.md"

    assert hook.on_page_markdown("{{ lesson.points }} points", Page, None, None) == "25 points"
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match="unknown placeholder"):
        hook.on_page_markdown("{{ lesson.nothing }}", Page, None, None)
    hooks = re.findall(r"^  - (docs/hooks/\S+)", (ROOT / "mkdocs.yml").read_text(), re.M)
    assert hooks == ["docs/hooks/katex.py", "docs/hooks/pages.py"]
