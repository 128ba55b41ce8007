"""The build's runs, cached on disk: a folder per run and per state of the sources that shape it.

A run (training the reference, drawing figures, grading planted mistakes) writes numbers.json
and its figures into a scratch folder; `cached` moves that folder into
$XDG_CACHE_HOME/four-or-five/<name>/<key> in one step, so a half-made run is never read, and an
unchanged build takes seconds. `source_key` hashes the sources, once per build: a file saved
while a build runs does not start a second run (`new_build` forgets the hashes).
"""

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Dict, Iterable, Tuple

from . import ROOT

SUFFIXES = (".py", ".npz", ".md")  # the files that can shape a run
_keys: Dict[Tuple, str] = {}
_folders: Dict[Tuple[str, str], Path] = {}
fresh = False  # `python -m docs_build --fresh`: run again even where a cached run exists (new times)


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "four-or-five"


def source_key(patterns: Iterable[str], extra, module: str) -> str:
    """A hash of `module` (the run's own code), `extra` (its settings) and the files under the
    project's root matching `patterns`, computed once per build."""
    patterns = tuple(patterns)
    memo = (module, patterns)
    if memo not in _keys:
        digest = hashlib.sha256(json.dumps(extra, sort_keys=True, default=str).encode())
        digest.update(Path(module).read_bytes())
        for pattern in patterns:
            for path in sorted(ROOT.glob(pattern)):
                if path.is_file() and path.suffix in SUFFIXES and "__pycache__" not in path.parts:
                    digest.update(path.relative_to(ROOT).as_posix().encode())
                    digest.update(path.read_bytes())
        _keys[memo] = digest.hexdigest()[:16]
    return _keys[memo]


def cached(name: str, key: str, make: Callable[[Path], None]) -> Path:
    """The folder <cache>/<name>/<key>, made once by make(scratch folder)."""
    if (name, key) in _folders:
        return _folders[name, key]
    folder = cache_root() / name / key
    if fresh or not (folder / "numbers.json").is_file():
        folder.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=folder.parent))
        try:
            make(scratch)
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(scratch, folder)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    _folders[name, key] = folder
    return folder


def numbers(folder: Path) -> dict:
    return json.loads((folder / "numbers.json").read_text(encoding="utf-8"))


def new_build() -> None:
    _keys.clear()
