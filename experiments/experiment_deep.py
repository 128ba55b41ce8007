"""The command line of lesson 10: the seed's network against the deeper one (`main(compare, argv)`).

    python -m solutions.lesson10_deeper                      # the reference chain
    python -m lessons.lesson10_deeper                        # your own lessons 1-10
    python -m lessons.lesson10_deeper --layers 784 128 64 32 1 --optimizer rmsprop --lr 0.0005
    python -m solutions.lesson10_deeper --data ~/mnist --seed-epochs 5 --json

It trains both networks on the same split (a validation set carved out of the training
set, the test set used once at the end), then prints a table (training time, first
epoch with validation accuracy >= 97.5%, test accuracy, confusion matrix, precision,
recall, F1) and writes two figures. --json prints every number as one JSON object
instead. Every bad value is one line on stderr and exit code 2, as for lesson 7.
"""

import json
import math
import sys
from pathlib import Path

from digits import DataError
from .experiment import DEFAULT_OUT, USAGE_ERROR, UsageError, _checked, _learner_error, _Parser, _positive_int

METHODS = ("sgd", "momentum", "rmsprop", "adam")
INPUTS = 784  # a 28x28 image


def build_parser(prog=None):
    """The options, their defaults (issue 11's deeper network) and allowed ranges."""
    parser = _Parser(
        prog=prog,
        description="Train the seed's 784-32-1 sigmoid network (SGD, lr 0.01, batch size 1) and a deeper "
                    "ReLU network on the same split, and compare their training time and accuracy.")
    parser.add_argument("--layers", nargs="+", default=[784, 64, 32, 1], metavar="N",
                        type=_checked(int, "a whole number >= 1", lambda v: v >= 1),
                        help="the deeper network's layer sizes, from the 784 inputs to the 1 output "
                             "(default 784 64 32 1)")
    parser.add_argument("--optimizer", default="adam", metavar="NAME",
                        type=_checked(str, "one of sgd, momentum, rmsprop, adam", lambda v: v in METHODS),
                        help="the deeper network's optimizer: sgd, momentum, rmsprop or adam (default adam)")
    parser.add_argument("--lr", type=_checked(float, "a finite number > 0, e.g. 0.001",
                                              lambda v: math.isfinite(v) and v > 0),
                        default=0.001, help="the deeper network's learning rate, > 0 (default 0.001)")
    parser.add_argument("--batch-size", type=_positive_int, default=32, metavar="B",
                        help="the deeper network's examples per step, >= 1 (default 32)")
    parser.add_argument("--epochs", type=_positive_int, default=20, metavar="N",
                        help="the deeper network's passes over the training set, >= 1 (default 20)")
    parser.add_argument("--seed-epochs", type=_positive_int, default=50, metavar="N",
                        help="the seed network's epochs, >= 1 (default 50, the seed report's)")
    parser.add_argument("--val-fraction", type=_checked(
        float, "a number strictly between 0 and 1, e.g. 0.1", lambda v: 0 < v < 1),
        default=0.1, metavar="F", help="share of the training set held out for validation, in (0, 1) "
                                       "(default 0.1)")
    parser.add_argument("--seed", type=_checked(int, "a whole number >= 0", lambda v: v >= 0),
                        default=0, help="seed of the split, the initialisations and the shuffles (default 0)")
    parser.add_argument("--test-fraction", type=_checked(
        float, "a number strictly between 0 and 1, e.g. 0.2", lambda v: 0 < v < 1),
        default=0.2, metavar="F",
        help="share of the bundled digits held out for testing, in (0, 1) (default 0.2; ignored with --data)")
    parser.add_argument("--classes", nargs=2, default=(4, 5), metavar=("A", "B"),
                        type=_checked(int, "a digit from 0 to 9", lambda v: 0 <= v <= 9),
                        help="the two digits: A is class 0, B class 1 (default 4 5)")
    parser.add_argument("--data", metavar="DIR", default=None,
                        help="a folder of the four MNIST IDX files (plain or .gz) instead of the bundled digits")
    parser.add_argument("--out", metavar="DIR", default=DEFAULT_OUT,
                        help=f"folder for the figures (default {DEFAULT_OUT}/)")
    parser.add_argument("--json", action="store_true", help="print every number as JSON on stdout (no table)")
    parser.add_argument("--quiet", action="store_true", help="no progress line before the table")
    return parser


def _check_arguments(args):
    layers = args.layers
    if len(layers) < 2 or layers[0] != INPUTS or layers[-1] != 1:
        raise UsageError(f"argument --layers: {' '.join(map(str, layers))!r} is not allowed: must be at least two "
                         f"whole numbers >= 1, the first {INPUTS} (the pixels) and the last 1 (the output), "
                         "e.g. 784 64 32 1")
    if args.classes[0] == args.classes[1]:
        raise UsageError(f"argument --classes: {args.classes[0]} {args.classes[1]} is not allowed: must be two "
                         "different digits from 0 to 9")
    if args.data is not None:
        args.data = str(Path(args.data).expanduser())
        if not Path(args.data).is_dir():
            raise UsageError(f"argument --data: {args.data!r} is not allowed: must be an existing folder holding "
                             "the four MNIST IDX files")
    try:
        Path(args.out).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"argument --out: {args.out!r} is not allowed: must be a folder that can be created and "
                         f"written ({error.strerror or error})") from None


def _program_name(compare):
    module = compare.__module__
    if module == "__main__":
        spec = getattr(sys.modules["__main__"], "__spec__", None)
        module = spec.name if spec is not None else "lesson10_deeper"
    return f"python -m {module}"


def metrics(result, args, figures):
    """Every number worth reporting, JSON-ready (the keys of --json)."""
    def network(run):
        return {
            "name": run["name"], "settings": run["settings"],
            "accuracy": float(run["accuracy"]),
            "confusion_matrix": [[int(v) for v in row] for row in run["confusion_matrix"]],
            "precision": float(run["precision"]), "recall": float(run["recall"]), "f1": float(run["f1"]),
            "train_seconds": float(run["train_seconds"]),
            "first_epoch_at_target": run["first_epoch_at_target"],
            "val_accuracy": [float(v) for v in run["history"]["val_accuracy"]],
            "losses": [float(v) for v in run["history"]["loss"]],
        }

    return {
        "seed": network(result["seed"]), "deep": network(result["deep"]),
        "target": float(result["target"]), "n_train": int(result["n_train"]), "n_val": int(result["n_val"]),
        "n_test": int(result["n_test"]), "classes": list(args.classes),
        "settings": {"seed": args.seed, "val_fraction": args.val_fraction,
                     "test_fraction": None if args.data else args.test_fraction, "data": args.data or "bundled"},
        "figures": [str(path) for path in figures],
    }


def report(m, console):
    """The comparison as a table on a rich console."""
    from rich.table import Table

    negative, positive = m["classes"]
    source = "the bundled digits" if m["settings"]["data"] == "bundled" else f"the IDX files in {m['settings']['data']}"
    console.print(f"{negative} vs {positive} on {source}: {m['n_train']} training, {m['n_val']} validation, "
                  f"{m['n_test']} test images (seed {m['settings']['seed']})")
    table = Table(title="the seed's network against the deeper one", title_justify="left")
    table.add_column("")
    table.add_column("seed's network", justify="right")
    table.add_column("deeper network", justify="right")

    def row(label, fn):
        table.add_row(label, fn(m["seed"]), fn(m["deep"]))

    row("network", lambda n: n["name"])
    row("settings", lambda n: ", ".join(f"{k} {v}" for k, v in n["settings"].items() if k not in ("layers", "method",
                                                                                                  "n_h")))
    row("training time", lambda n: f"{n['train_seconds']:.2f} s")
    row(f"first epoch with validation >= {100 * m['target']:.1f}%",
        lambda n: "never" if n["first_epoch_at_target"] is None else str(n["first_epoch_at_target"]))
    row("training time until then", lambda n: "never" if n["first_epoch_at_target"] is None else
        f"{n['first_epoch_at_target'] * n['train_seconds'] / len(n['losses']):.2f} s")
    row("final validation accuracy", lambda n: f"{100 * n['val_accuracy'][-1]:.2f}%")
    row("test accuracy", lambda n: f"{100 * n['accuracy']:.2f}% ({sum(n['confusion_matrix'][i][i] for i in (0, 1))}"
                                   f" of {m['n_test']})")
    row(f"confusion [[TN, FP], [FN, TP]]", lambda n: str(n["confusion_matrix"]))
    row(f"digit {positive}: precision / recall / F1",
        lambda n: f"{n['precision']:.3f} / {n['recall']:.3f} / {n['f1']:.3f}")
    console.print(table)
    if m["figures"]:
        folder = Path(m["figures"][0]).parent
        console.print(f"figures in {folder}/: " + ", ".join(Path(p).name for p in m["figures"]),
                      soft_wrap=True)  # a long path stays one line: it can be copied whole


def _experiment(compare, args):
    from .figures_deep import save_comparison_figures

    if not (args.quiet or args.json):
        plural = lambda n: f"{n} epoch{'s' * (n != 1)}"
        print(f"training the seed's network ({plural(args.seed_epochs)}) and the deeper one "
              f"({plural(args.epochs)})...", flush=True)
    result = compare(layers=args.layers, method=args.optimizer, lr=args.lr, batch_size=args.batch_size,
                     epochs=args.epochs, seed_epochs=args.seed_epochs, seed=args.seed,
                     test_fraction=args.test_fraction, val_fraction=args.val_fraction,
                     classes=tuple(args.classes), data=args.data)
    if min(result["n_train"], result["n_val"], result["n_test"]) == 0:
        raise DataError(f"the split leaves no images in the {'training' if result['n_train'] == 0 else 'validation' if result['n_val'] == 0 else 'test'} set")
    figures = save_comparison_figures(result, args.out)
    return metrics(result, args, figures)


def main(compare, argv=None):
    """Parse argv, run lesson 10's `compare`, print; return the exit code."""
    prog = _program_name(compare)
    try:
        args = build_parser(prog).parse_args(argv)
        _check_arguments(args)
    except UsageError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    try:
        m = _experiment(compare, args)
    except NotImplementedError as error:  # a pristine stub: "lesson 8 not started: ..."
        print(str(error).splitlines()[0] if str(error) else
              "a lesson function is not written yet (NotImplementedError)", file=sys.stderr)
        return USAGE_ERROR
    except DataError as error:
        print(f"{prog}: error: {'--data' if args.data else 'data'}: {error}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - a learner's bug is one line, ours a traceback
        line = _learner_error(error)
        if line is None:
            raise
        print(line, file=sys.stderr)
        return USAGE_ERROR
    if args.json:
        print(json.dumps(m, indent=2))
    else:
        from rich.console import Console

        report(m, Console())
    return 0
