"""{{ deep.* }}: the figures and numbers of "Going further" (lessons 8-10) come from real runs.

`python -m docs_build` runs, with the reference solutions:
  - lesson 10's `compare(seed=0)`: the seed's 784-32-1 sigmoid network and the deeper
    784-64-32-1 ReLU network with Adam, on the same split (figures compare_*.png);
  - a forward and backward pass at initialisation of 8-hidden-layer networks on 400 real
    digits, sigmoid vs ReLU, lesson 2's scale vs He's (gradient_per_layer.png,
    activation_per_layer.png);
  - lesson 9's `step` for each method on a 2-D loss surface (optimizer_paths.png), and the
    bias correction of a constant gradient (bias_correction.png).
The figures go to docs/figures/deep/; pages quote the numbers with {{ deep.name }}
(an unknown name fails the build). The runs are `python -m experiments.figures_deep` in a
subprocess; everything is cached on disk, keyed by the sources that shape it (solutions/,
digits/, experiments/), as docs_build/run.py does.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import ROOT, BuildError

SCOPES = ("deep",)
SITE_FOLDER = "deep"  # under docs/figures/
VERSION = "1"  # bump to rebuild the cache when this hook's own output changes

_memo = {}


def _source_key(root: Path) -> str:
    digest = hashlib.sha256(VERSION.encode())
    digest.update(Path(__file__).read_bytes())
    for folder in ("solutions", "digits", "experiments"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".npz"):
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "four-or-five" / "docs-deep"


def deep_runs(root: Path):
    """(numbers, folder of figures), from the cache when it is fresh."""
    key = _source_key(root)
    if key in _memo:
        return _memo[key]
    folder = _cache_root() / key
    if not (folder / "numbers.json").is_file():
        _make(root, folder)
    _memo[key] = json.loads((folder / "numbers.json").read_text()), folder / "figures"
    return _memo[key]


def _make(root: Path, folder: Path) -> None:
    """Run `python -m experiments.figures_deep` into a scratch folder, then move it into the cache.

    A subprocess with one BLAS thread: the training times on the pages then measure the code,
    not two OpenBLAS threads fighting other jobs for the cores (see the README's benchmark).
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    with tempfile.TemporaryDirectory(dir=folder.parent) as scratch:
        done = subprocess.run([sys.executable, "-m", "experiments.figures_deep", scratch], cwd=root, env=env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise BuildError(f"python -m experiments.figures_deep failed:\n{done.stderr[-3000:]}")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(scratch, folder)
        os.mkdir(scratch)  # so the TemporaryDirectory's clean-up finds its folder


def value(scope: str, name: str, page: str) -> str:
    numbers, _ = deep_runs(ROOT)
    if name not in numbers:
        raise KeyError(name)
    return str(numbers[name])


def figures() -> Path:
    """The folder of these runs' figures (they go to docs/figures/deep/)."""
    return deep_runs(ROOT)[1]
