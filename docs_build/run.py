"""{{ run.* }} and {{ seed.* }}: the final-classifier page's figures and numbers come from a real run.

`python -m docs_build` runs the reference solution, `solutions.lesson07_classifier.run(seed=0)`
(the course's settings: 784-32-1, lr 0.01, 50 epochs, batch size 1, 80/20 split), draws
the figures with `experiments.figures.save_figures` (and two more for the pages: the trained
W1 rows as images and every misclassified test digit, from `experiments.lesson_figures`), and
writes them to docs/figures/. Pages quote the run's numbers with placeholders such as
{{ run.accuracy }} (see _format); an unknown name fails the build.

A run takes a few seconds; its figures and numbers are cached on disk, keyed by the
source of everything that shapes them (solutions/, digits/), so unchanged sources
are not retrained.
"""

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from . import ROOT, BuildError

SCOPES = ("run", "seed")
RUN_SETTINGS = {"seed": 0}  # everything else: run()'s defaults, the course's settings
SEED = {"accuracy": 0.975, "confusion_matrix": [[101, 2], [3, 94]], "n_test": 200,
        "minutes": 10}  # the seed report's figures (../shared/seed-report.md, beside the project)

_memo = {}


# the files that shape the run and its figures (the other lessons and experiments/experiment.py do not)
SOURCES = ("solutions/lesson0[1-7]_*.py", "digits/__init__.py", "digits/dataset.py", "experiments/figures.py",
           "experiments/lesson_figures.py", "digits/*.npz")
_keys = {}  # one key per build: a file saved during a build does not start a second run


def _source_key(root: Path) -> str:
    """A hash of every source file that can change the run or its figures."""
    if root in _keys:
        return _keys[root]
    digest = hashlib.sha256(json.dumps(RUN_SETTINGS, sort_keys=True).encode())
    for pattern in SOURCES:
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    _keys[root] = digest.hexdigest()[:16]
    return _keys[root]


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "four-or-five" / "docs-run"


def reference_run(root: Path):
    """(numbers, folder of figures) of the reference run, from the cache when it is fresh."""
    key = _source_key(root)
    if key in _memo:
        return _memo[key]
    folder = _cache_root() / key
    if not (folder / "numbers.json").is_file():
        _make(root, folder)
    numbers = json.loads((folder / "numbers.json").read_text())
    _memo[key] = numbers, folder / "figures"
    return _memo[key]


def _make(root: Path, folder: Path) -> None:
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from solutions.lesson07_classifier import run
    try:
        from experiments.figures import save_figures  # the same figures as the experiment's command line
    except ImportError as error:
        raise BuildError(f"the docs draw their figures with experiments/figures.py: {error}") from error

    result = run(**RUN_SETTINGS)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent) as scratch:
        save_figures(result, Path(scratch) / "figures")
        from experiments.lesson_figures import misclassified_figure, weights_figure
        weights_figure(result["params"]["W1"]).savefig(Path(scratch) / "figures" / "w1_rows.png", format="png")
        misclassified_figure(result["X_test"], result["Y_test"], result["test_probabilities"]).savefig(
            Path(scratch) / "figures" / "misclassified.png", format="png")
        numbers = {
            "accuracy": result["accuracy"], "confusion_matrix": result["confusion_matrix"].tolist(),
            "precision": result["precision"], "recall": result["recall"], "f1": result["f1"],
            "n_train": result["n_train"], "n_test": result["n_test"],
            "train_seconds": result["train_seconds"], "first_loss": result["losses"][0],
            "final_loss": result["losses"][-1], "epochs": len(result["losses"]),
        }
        (Path(scratch) / "numbers.json").write_text(json.dumps(numbers, indent=1))
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(scratch, folder)
        os.mkdir(scratch)  # so the TemporaryDirectory's clean-up finds its folder


def _format(source: str, name: str, numbers: dict) -> str:
    """The text a placeholder stands for."""
    table = numbers if source == "run" else SEED
    derived = {}
    if "confusion_matrix" in table:
        (tn, fp), (fn, tp) = table["confusion_matrix"]
        derived = {"tn": tn, "fp": fp, "fn": fn, "tp": tp, "errors": fp + fn, "fours": tn + fp,
                   "fives": fn + tp, "always_4_accuracy": (tn + fp) / (tn + fp + fn + tp)}
    if "accuracy" in table:
        derived["accuracy_percent"] = f"{100 * table['accuracy']:.1f}%"
    value = {**table, **derived}.get(name)
    if value is None:
        raise KeyError(name)
    if isinstance(value, float):
        return f"{value:.3f}" if name not in ("train_seconds",) else f"{value:.1f}"
    return str(value)


def value(scope: str, name: str, page: str) -> str:
    numbers, _ = reference_run(ROOT)
    return _format(scope, name, numbers)


def figures() -> Path:
    """The folder of this run's figures (they go to docs/figures/)."""
    return reference_run(ROOT)[1]
