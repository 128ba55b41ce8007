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
digits/, experiments/: docs_build/cache.py).
"""

import os
import subprocess
import sys
from pathlib import Path

from . import ROOT, BuildError
from .cache import cached, numbers, source_key

SCOPES = ("deep",)
SITE_FOLDER = "deep"  # under docs/figures/
VERSION = "1"  # bump to rebuild the cache when this hook's own output changes

SOURCES = ("solutions/**/*", "digits/**/*", "experiments/**/*")


def deep_runs():
    """(numbers, folder of figures), from the cache when it is fresh."""
    folder = cached("docs-deep", source_key(SOURCES, VERSION, __file__), _make)
    return numbers(folder), folder / "figures"


def _make(folder: Path) -> None:
    """Run `python -m experiments.figures_deep` into `folder`.

    A subprocess with one BLAS thread: the training times on the pages then measure the code,
    not two OpenBLAS threads fighting other jobs for the cores (see the README's benchmark).
    """
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    done = subprocess.run([sys.executable, "-m", "experiments.figures_deep", str(folder)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"python -m experiments.figures_deep failed:\n{done.stderr[-3000:]}")


def value(scope: str, name: str, page: str) -> str:
    values = deep_runs()[0]
    if name not in values:
        raise KeyError(name)
    return str(values[name])


def figures() -> Path:
    """The folder of these runs' figures (they go to docs/figures/deep/)."""
    return deep_runs()[1]
