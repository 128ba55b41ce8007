"""{{ run.* }} and {{ seed.* }}: the final-classifier page's figures and numbers come from a real run.

`python -m docs_build` runs the reference solution, `solutions.lesson07_classifier.run(seed=0)`
(the course's settings: 784-32-1, lr 0.01, 50 epochs, batch size 1, 80/20 split), draws
the figures with `experiments.figures.save_figures` (and two more for the pages: the trained
W1 rows as images and every misclassified test digit, from `experiments.lesson_figures`), and
writes them to docs/figures/. Pages quote the run's numbers with placeholders such as
{{ run.accuracy }} (see _format); an unknown name fails the build.

A run takes a few seconds; its figures and numbers are cached on disk, keyed by the
source of everything that shapes them (docs_build/cache.py), so unchanged sources
are not retrained.
"""

import json
import sys
from pathlib import Path

from . import ROOT, BuildError
from .cache import cached, numbers, source_key

SCOPES = ("run", "seed")
RUN_SETTINGS = {"seed": 0}  # everything else: run()'s defaults, the course's settings
SEED = {"accuracy": 0.975, "confusion_matrix": [[101, 2], [3, 94]], "n_test": 200,
        "minutes": 10}  # the seed report's figures (../shared/seed-report.md, beside the project)

# the files that shape the run and its figures (the other lessons and experiments/experiment.py do not)
SOURCES = ("solutions/lesson0[1-7]_*.py", "digits/__init__.py", "digits/dataset.py", "experiments/figures.py",
           "experiments/lesson_figures.py", "digits/*.npz")


def reference_run():
    """(numbers, folder of figures) of the reference run, from the cache when it is fresh."""
    folder = cached("docs-run", source_key(SOURCES, RUN_SETTINGS, __file__), _make)
    return numbers(folder), folder / "figures"


def _make(folder: Path) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from solutions.lesson07_classifier import run
    try:
        from experiments.figures import save_figures  # the same figures as the experiment's command line
        from experiments.lesson_figures import misclassified_figure, weights_figure
    except ImportError as error:
        raise BuildError(f"the docs draw their figures with experiments/: {error}") from error

    result = run(**RUN_SETTINGS)
    save_figures(result, folder / "figures")
    weights_figure(result["params"]["W1"]).savefig(folder / "figures" / "w1_rows.png", format="png")
    misclassified_figure(result["X_test"], result["Y_test"], result["test_probabilities"]).savefig(
        folder / "figures" / "misclassified.png", format="png")
    values = {
        "accuracy": result["accuracy"], "confusion_matrix": result["confusion_matrix"].tolist(),
        "precision": result["precision"], "recall": result["recall"], "f1": result["f1"],
        "n_train": result["n_train"], "n_test": result["n_test"],
        "train_seconds": result["train_seconds"], "first_loss": result["losses"][0],
        "final_loss": result["losses"][-1], "epochs": len(result["losses"]),
    }
    (folder / "numbers.json").write_text(json.dumps(values, indent=1))


def _format(source: str, name: str, run_numbers: dict) -> str:
    """The text a placeholder stands for."""
    table = run_numbers if source == "run" else SEED
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
    return _format(scope, name, reference_run()[0])


def figures() -> Path:
    """The folder of this run's figures (they go to docs/figures/)."""
    return reference_run()[1]
