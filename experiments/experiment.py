"""The command line of the 4-vs-5 experiment (lesson 7's `main` calls `main(run, argv)`).

    python -m solutions.lesson07_classifier            # the reference chain
    python -m lessons.lesson07_classifier              # your own code
    python -m lessons.lesson07_classifier --classes 3 8 --epochs 20 --out out/3v8
    python -m solutions.lesson07_classifier --data ~/mnist --batch-size 32 --json

It trains with a progress bar over the epochs (on a terminal, unless --quiet),
then prints the test accuracy, the confusion matrix, precision, recall and F1 of
the positive class, the training time and where the figures went. --json prints
every metric as one JSON object on stdout instead. Every bad value and every
problem with the data or with a lesson's code is one line on stderr and exit
code 2, never a traceback.
"""

import argparse
import json
import math
import sys
import traceback
from pathlib import Path

from digits import DataError

DEFAULT_OUT = "out"  # the README names it; .gitignore ignores it
USAGE_ERROR = 2


class UsageError(Exception):
    """A bad option value; the message names the option and its allowed range."""


class _Parser(argparse.ArgumentParser):
    """argparse, but an error is one line (no usage block) and exit code 2."""

    def error(self, message):
        raise UsageError(message)


def _checked(convert, allowed, test):
    """An argparse type: convert the text, then insist on test(value)."""

    def parse(text):
        try:
            value = convert(text)
        except ValueError:
            value = None
        if value is None or not test(value):
            raise argparse.ArgumentTypeError(f"{text!r} is not allowed: must be {allowed}")
        return value

    return parse


_positive_int = _checked(int, "a whole number >= 1", lambda v: v >= 1)


def build_parser(prog=None):
    """The options, their defaults (the seed experiment's) and allowed ranges."""
    parser = _Parser(
        prog=prog,
        description="Train the 784-32-1 sigmoid network to tell two digits apart, "
                    "then evaluate it on the test set and draw figures.")
    parser.add_argument("--epochs", type=_positive_int, default=50, metavar="N",
                        help="passes over the training set, >= 1 (default 50)")
    parser.add_argument("--lr", type=_checked(float, "a finite number > 0, e.g. 0.01",
                                              lambda v: math.isfinite(v) and v > 0),
                        default=0.01, help="learning rate, > 0 (default 0.01)")
    parser.add_argument("--batch-size", type=_positive_int, default=1, metavar="B",
                        help="examples per gradient step, >= 1 (default 1: the seed's "
                             "Algorithm 1)")
    parser.add_argument("--hidden", type=_positive_int, default=32, metavar="N_H",
                        help="hidden units, >= 1 (default 32)")
    parser.add_argument("--seed", type=_checked(int, "a whole number >= 0", lambda v: v >= 0),
                        default=0, help="seed of the initialisation, shuffles and split "
                                        "(default 0)")
    parser.add_argument("--test-fraction", type=_checked(
        float, "a number strictly between 0 and 1, e.g. 0.2", lambda v: 0 < v < 1),
        default=0.2, metavar="F",
        help="share of the bundled digits held out for testing, in (0, 1) (default 0.2; "
             "ignored with --data, which has its own test set)")
    parser.add_argument("--classes", nargs=2, default=(4, 5), metavar=("A", "B"),
                        type=_checked(int, "a digit from 0 to 9", lambda v: 0 <= v <= 9),
                        help="the two digits: A is class 0, B class 1 (default 4 5)")
    parser.add_argument("--data", metavar="DIR", default=None,
                        help="a folder of the four MNIST IDX files (plain or .gz) to use "
                             "instead of the bundled digits")
    parser.add_argument("--out", metavar="DIR", default=DEFAULT_OUT,
                        help=f"folder for the figures (default {DEFAULT_OUT}/)")
    parser.add_argument("--json", action="store_true",
                        help="print every metric as JSON on stdout (no progress bar, no table)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def _check_arguments(args):
    """Range checks that need more than one value, or the file system."""
    if args.classes[0] == args.classes[1]:
        raise UsageError(f"argument --classes: {args.classes[0]} {args.classes[1]} is not "
                         "allowed: must be two different digits from 0 to 9")
    if args.data is not None:
        args.data = str(Path(args.data).expanduser())
    if args.data is not None and not Path(args.data).is_dir():
        raise UsageError(f"argument --data: {args.data!r} is not allowed: must be an existing "
                         "folder holding the four MNIST IDX files")
    out = Path(args.out)
    try:  # before training, so a bad --out does not waste a run
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"argument --out: {args.out!r} is not allowed: must be a folder "
                         f"that can be created and written ({error.strerror or error})") from None


def _program_name(run):
    """'python -m lessons.lesson07_classifier' (or solutions.), for messages and --help."""
    module = run.__module__
    if module == "__main__":
        spec = getattr(sys.modules["__main__"], "__spec__", None)
        module = spec.name if spec is not None else "lesson07_classifier"
    return f"python -m {module}"


def _learner_error(error):
    """One line for an exception raised inside a lesson file, or None if it came from elsewhere.

    The innermost frame in a lessons/ file is where the learner's code went wrong;
    `python -m checks N` then finds out why.
    """
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if Path(frame.filename).parent.name == "lessons"]
    if not frames:
        return None
    frame = frames[-1]
    name = Path(frame.filename).name
    number = name[len("lesson"):len("lesson") + 2]
    hint = f"; `python -m checks {int(number)}` explains" if number.isdigit() else ""
    message = str(error).splitlines()[0] if str(error) else ""
    return (f"error: lessons/{name} line {frame.lineno} in {frame.name}(): "
            f"{type(error).__name__}: {message}{hint}")


class _Progress:
    """A rich progress bar over the epochs showing the latest training loss."""

    def __init__(self, epochs, enabled):
        self.bar = None
        if not enabled:
            return
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self.bar = Progress(TextColumn("epoch"), MofNCompleteColumn(), BarColumn(),
                            TextColumn("loss {task.fields[loss]}"),
                            TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
                            transient=False)
        self.task = self.bar.add_task("training", total=epochs, loss="-")

    def __enter__(self):
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()

    def on_epoch(self, epoch, loss):
        self.bar.update(self.task, completed=epoch + 1, loss=f"{float(loss):.4f}")


def metrics(result, args, figures):
    """Everything worth reporting, as JSON-ready values (the keys of --json)."""
    return {
        "accuracy": float(result["accuracy"]),
        "confusion_matrix": [[int(v) for v in row] for row in result["confusion_matrix"]],
        "precision": float(result["precision"]),
        "recall": float(result["recall"]),
        "f1": float(result["f1"]),
        "train_seconds": float(result["train_seconds"]),
        "final_loss": float(result["losses"][-1]) if len(result["losses"]) else None,
        "losses": [float(v) for v in result["losses"]],
        "n_train": int(result["n_train"]),
        "n_test": int(result["n_test"]),
        "classes": list(args.classes),
        "positive_class": args.classes[1],
        "settings": {"epochs": args.epochs, "lr": args.lr, "batch_size": args.batch_size,
                     "hidden": args.hidden, "seed": args.seed,
                     "test_fraction": None if args.data else args.test_fraction,
                     "data": args.data or "bundled"},
        "figures": [str(path) for path in figures],
    }


def report(m, console):
    """The human-readable summary of `metrics()` on a rich console."""
    from rich.table import Table

    negative, positive = m["classes"]
    s = m["settings"]
    source = ("the bundled digits" if s["data"] == "bundled" else f"the IDX files in {s['data']}")
    console.print(f"{negative} vs {positive} on {source}: {m['n_train']} training, "
                  f"{m['n_test']} test images")
    console.print(f"784-{s['hidden']}-1 sigmoid network, lr {s['lr']:g}, {s['epochs']} epoch{'s' * (s['epochs'] != 1)}, "
                  f"batch size {s['batch_size']}, seed {s['seed']}")
    final = "none recorded" if m["final_loss"] is None else f"{m['final_loss']:.4f}"
    console.print(f"trained in {m['train_seconds']:.2f} s; final training loss {final}")
    right = m["confusion_matrix"][0][0] + m["confusion_matrix"][1][1]
    console.print(f"\ntest accuracy {100 * m['accuracy']:.2f}% ({right} of {m['n_test']})")
    table = Table(title="confusion matrix (test set)", title_justify="left")
    table.add_column("")
    for digit in (negative, positive):
        table.add_column(f"predicted {digit}", justify="right")
    for digit, row in zip((negative, positive), m["confusion_matrix"]):
        table.add_row(f"true {digit}", *(str(v) for v in row))
    console.print(table)
    console.print(f"digit {positive}: precision {m['precision']:.3f}  recall {m['recall']:.3f}"
                  f"  F1 {m['f1']:.3f}")
    if m["figures"]:
        folder = Path(m["figures"][0]).parent
        console.print(f"figures in {folder}/: " + ", ".join(Path(p).name for p in m["figures"]),
                      soft_wrap=True)  # a long path stays one line: it can be copied whole


def _experiment(run, args):
    """Train, evaluate, draw; return the metrics dict."""
    from .figures import save_figures

    show_progress = not (args.quiet or args.json) and sys.stdout.isatty()
    with _Progress(args.epochs, show_progress) as progress:
        result = run(epochs=args.epochs, lr=args.lr, batch_size=args.batch_size,
                     n_h=args.hidden, seed=args.seed, test_fraction=args.test_fraction,
                     classes=tuple(args.classes), data=args.data,
                     on_epoch=progress.on_epoch if show_progress else None)
    if result["n_train"] == 0 or result["n_test"] == 0:
        raise DataError(f"no images of {args.classes[0]} or {args.classes[1]} in the "
                        f"{'training' if result['n_train'] == 0 else 'test'} set")
    figures = save_figures(result, args.out, tuple(args.classes))
    return metrics(result, args, figures)


def main(run, argv=None):
    """Parse argv, run the experiment with `run` (lesson 7's), print; return the exit code."""
    prog = _program_name(run)
    try:
        args = build_parser(prog).parse_args(argv)
        _check_arguments(args)
    except UsageError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    try:
        m = _experiment(run, args)
    except NotImplementedError as error:  # a pristine stub: "lesson 7 not started: ..."
        print(str(error).splitlines()[0] if str(error) else
              "a lesson function is not written yet (NotImplementedError)", file=sys.stderr)
        return USAGE_ERROR
    except DataError as error:
        option = "--data" if args.data else "data"
        print(f"{prog}: error: {option}: {error}", file=sys.stderr)
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
