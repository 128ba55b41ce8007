"""mkdocs hook: serve KaTeX from the site itself, fetched from the npm registry at build time.

KaTeX is not committed to the repository and the site never links a CDN. On the first
build the pinned release is fetched with `npm pack` (which checks the registry's
integrity hash; we check the pinned one too), unpacked into a cache folder outside the
repository, and its four pieces (katex.min.js, contrib/auto-render.min.js,
katex.min.css and fonts/) are added to the site under assets/katex/. Later builds,
`mkdocs serve` and the tests use the cache and need no network.

FOUR_OR_FIVE_KATEX_DIR may name an unpacked KaTeX package folder (one holding dist/)
to use instead, e.g. on a machine without npm.
"""

import base64
import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

VERSION = "0.16.22"
INTEGRITY = "sha512-XCHRdUw4lf3SKBaJe4EvgqIuWwkPSo9XoeO8GjQW94Bp7TWv9hNhzZjZ+OH9yf1UmLygb7DIT5GSFQiyt16zYg=="
SITE_FOLDER = "assets/katex"
# What the site needs from KaTeX's dist/: the scripts and stylesheet mkdocs.yml names, and the fonts.
PIECES = ("katex.min.js", "contrib/auto-render.min.js", "katex.min.css", "fonts")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "four-or-five" / f"katex-{VERSION}"


def katex_dist() -> Path:
    """The dist/ folder of the pinned KaTeX release, fetching it once if needed."""
    override = os.environ.get("FOUR_OR_FIVE_KATEX_DIR")
    if override:
        dist = Path(override) / "dist"
        if not (dist / "katex.min.js").is_file():
            raise PluginError(f"FOUR_OR_FIVE_KATEX_DIR={override} holds no dist/katex.min.js")
        return dist
    package = cache_dir() / "package"
    if not (package / "dist" / "katex.min.js").is_file():
        _fetch(package)
    return package / "dist"


def _fetch(package: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise PluginError("KaTeX is fetched from the npm registry when the site is first built: "
                          "install npm (or set FOUR_OR_FIVE_KATEX_DIR to an unpacked katex package)")
    package.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=package.parent) as scratch:
        done = subprocess.run([npm, "pack", f"katex@{VERSION}", "--silent"], cwd=scratch,
                              capture_output=True, text=True, timeout=300)
        tarball = Path(scratch) / f"katex-{VERSION}.tgz"
        if done.returncode != 0 or not tarball.is_file():
            raise PluginError(f"npm pack katex@{VERSION} failed: {done.stderr.strip()[-500:]}")
        digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        if digest != INTEGRITY:
            raise PluginError(f"katex-{VERSION}.tgz has integrity {digest}, expected {INTEGRITY}")
        with tarfile.open(tarball) as archive:
            archive.extractall(scratch, filter="data")
        shutil.rmtree(package, ignore_errors=True)
        os.replace(Path(scratch) / "package", package)  # atomic: a half-unpacked cache is never seen


def on_files(files, config):
    """Add KaTeX's files to the site, so that `mkdocs build` and `mkdocs serve` both serve them."""
    dist = katex_dist()
    for piece in PIECES:
        source = dist / piece
        paths = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
        for path in paths:
            uri = f"{SITE_FOLDER}/{path.relative_to(dist).as_posix()}"
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files
