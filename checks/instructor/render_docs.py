"""mkdocs hook used by `python -m checks release`: keeps the site's pages as the other hooks leave them.

Registered last, it writes each page's markdown (figures, numbers and grader messages filled
in) and the figures the other hooks generated into $CHECKS_RENDER_TO, so a
student release can ship the docs without the hooks, which run the reference.
"""

import os
import shutil
from pathlib import Path

from mkdocs.plugins import event_priority


def _target(src_uri: str) -> Path:
    return Path(os.environ["CHECKS_RENDER_TO"]) / src_uri


@event_priority(-100)  # after every other hook: their output is what is kept
def on_files(files, config):
    docs = Path(config["docs_dir"]).resolve()
    for file in files:
        source = Path(file.abs_src_path).resolve() if file.abs_src_path else None
        if source is not None and docs not in source.parents and file.src_uri.startswith("figures/"):
            target = _target(file.src_uri)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    return files


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    target = _target(page.file.src_uri)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(markdown, encoding="utf-8")
    return markdown
