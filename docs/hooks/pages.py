"""mkdocs hook: each page's generated values, fresh, from the one build step (docs_build/).

The content itself (values between markers, figures in docs/figures/) is committed and made by
`python -m docs_build`; this hook only re-renders each page from the same sources when the
site is built (so `mkdocs serve` shows an edit's effect at once) and takes the markers out.
Nothing of the pages' content depends on MkDocs' plugin API.
"""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402

import docs_build  # noqa: E402


def on_pre_build(config):
    docs_build.new_build()


def on_page_markdown(markdown, page, config, files):
    try:
        return docs_build.render(markdown, page.file.src_uri)
    except docs_build.BuildError as error:
        raise PluginError(str(error)) from None


CANONICAL = re.compile(r'\s*<link rel="canonical" href="[^"]*">')


def on_post_page(output, page, config):
    """Without SITE_URL the site has no public address: no canonical link to a local one."""
    if os.environ.get("SITE_URL"):
        return output
    return CANONICAL.sub("", output)
