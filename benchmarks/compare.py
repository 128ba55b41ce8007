"""The NumPy reference against PyTorch and scikit-learn: same network, split and settings.

    pip install -e ".[bench]"          # torch and scikit-learn; never needed by the course
    python benchmarks/compare.py                     # batch sizes 1 and 32, 5 runs each
    python benchmarks/compare.py --runs 3 --markdown benchmarks/results.md

Every contender trains 784-32-1 (sigmoid hidden layer, sigmoid output, mean binary
cross-entropy, plain SGD, lr 0.01, 50 epochs, a new shuffle every epoch, the mean
training loss computed after every epoch) on the 800 training images of the bundled
digits split 80/20 by lesson 7's `train_test_split`, and is scored on the same 200
test images:

- numpy:   solutions.lesson06_train.train, the course's reference;
- torch:   float64 nn.Linear + nn.Sigmoid + nn.Linear, BCEWithLogitsLoss (the output
           sigmoid folded into the loss), torch.optim.SGD without momentum, started
           from the reference's initial weights;
- sklearn: MLPClassifier(activation="logistic", solver="sgd", momentum=0, alpha=0,
           learning_rate="constant"), its own (Glorot) initialisation, no early stop.

Each contender is timed up to `--runs` times (wall clock, time.perf_counter, training only,
data already in memory; a cell stops adding runs after `--budget` seconds) and the
median is reported. Thread counts are each library's default unless the environment
sets them (`OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python benchmarks/compare.py`
for one thread everywhere; the header of the output says which). The table also
gives time per epoch, test accuracy and the peer's time divided by ours (above 1:
the peer is slower).
"""

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digits import load_digits  # noqa: E402
from solutions.lesson02_forward import init_params  # noqa: E402
from solutions.lesson06_train import train  # noqa: E402
from solutions.lesson07_classifier import (accuracy, predict, preprocess,  # noqa: E402
                                           train_test_split)

N_H = 32


class Timer:
    """Wall-clock and CPU seconds (all threads of this process) of a `with` block.

    On a busy machine the wall time grows with the other jobs; the CPU time much less,
    so both are reported.
    """

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu
# Set these in the environment (before Python starts) for a single-threaded comparison;
# the script only reports them.
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def numpy_contender(X_train, Y_train, X_test, Y_test, *, epochs, lr, batch_size, seed):
    with Timer() as timer:
        params, _ = train(X_train, Y_train, n_h=N_H, epochs=epochs, lr=lr,
                          batch_size=batch_size, seed=seed)
    return timer, accuracy(Y_test, predict(X_test, params))


def torch_contender(X_train, Y_train, X_test, Y_test, *, epochs, lr, batch_size, seed):
    import torch
    from torch import nn

    torch.manual_seed(seed)
    start = init_params(X_train.shape[0], N_H, 1, seed=seed)  # the reference's weights
    model = nn.Sequential(nn.Linear(X_train.shape[0], N_H), nn.Sigmoid(),
                          nn.Linear(N_H, 1)).double()
    with torch.no_grad():
        for layer, (W, b) in ((model[0], ("W1", "b1")), (model[2], ("W2", "b2"))):
            layer.weight.copy_(torch.from_numpy(start[W]))
            layer.bias.copy_(torch.from_numpy(start[b].ravel()))
    # torch wants one example per row.
    X = torch.from_numpy(np.ascontiguousarray(X_train.T))
    Y = torch.from_numpy(np.ascontiguousarray(Y_train.T))
    loss_fn = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.0)
    generator = torch.Generator().manual_seed(seed)
    m = X.shape[0]

    with Timer() as timer:
        for _ in range(epochs):
            order = torch.randperm(m, generator=generator)
            X_shuffled, Y_shuffled = X[order], Y[order]
            for first in range(0, m, batch_size):
                optimizer.zero_grad()
                loss = loss_fn(model(X_shuffled[first:first + batch_size]),
                               Y_shuffled[first:first + batch_size])
                loss.backward()
                optimizer.step()
            with torch.no_grad():  # the epoch's training loss, as the reference records it
                loss_fn(model(X), Y).item()

    with torch.no_grad():
        logits = model(torch.from_numpy(np.ascontiguousarray(X_test.T))).numpy().T
    return timer, accuracy(Y_test, (logits >= 0).astype(np.float64))


def sklearn_contender(X_train, Y_train, X_test, Y_test, *, epochs, lr, batch_size, seed):
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    model = MLPClassifier(hidden_layer_sizes=(N_H,), activation="logistic", solver="sgd",
                          alpha=0.0, batch_size=batch_size, learning_rate="constant",
                          learning_rate_init=lr, momentum=0.0, nesterovs_momentum=False,
                          max_iter=epochs, shuffle=True, random_state=seed, tol=0.0,
                          n_iter_no_change=epochs + 1, early_stopping=False)
    with Timer() as timer, warnings.catch_warnings():  # "max_iter reached": the point
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X_train.T, Y_train.ravel())
    return timer, accuracy(Y_test, model.predict(X_test.T).reshape(1, -1))


CONTENDERS = {"numpy": numpy_contender, "torch": torch_contender, "sklearn": sklearn_contender}


def machine():
    """The facts a reader needs to compare these figures with their own."""
    import numpy

    config = numpy.show_config(mode="dicts")
    blas = config["Build Dependencies"]["blas"]
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    facts = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "numpy": f"{numpy.__version__}, BLAS {blas.get('name')} {blas.get('version')}",
        "load average at start": " ".join(f"{v:.2f}" for v in os.getloadavg()),
        "thread settings": ", ".join(f"{k}={os.environ[k]}" for k in THREAD_VARIABLES
                                     if k in os.environ) or "library defaults",
    }
    for name in ("torch", "sklearn"):
        try:
            module = __import__(name)
            facts[name] = module.__version__
            if name == "torch":
                facts[name] += f", {module.get_num_threads()} threads"
        except ImportError:
            facts[name] = "not installed"
    return facts


def peak_rss_mb():
    """Peak resident memory of the full command-line run on the bundled digits (figures
    included), in MiB, or None without GNU time.

    Measured by /usr/bin/time (`-f %M`, KiB), not by getrusage of our own children: a
    child forked from this process inherits its high-water mark (torch loaded: 400 MB).
    """
    time_command = shutil.which("time", path="/usr/bin:/bin")
    if time_command is None:
        return None
    out = ROOT / "out" / "benchmark"
    done = subprocess.run([time_command, "-f", "%M", sys.executable, "-m",
                           "solutions.lesson07_classifier", "--quiet", "--out", str(out)],
                          cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def measure(names, batch_sizes, runs, epochs, lr, seed, budget):
    digits = load_digits()
    X, Y = preprocess(digits.images, digits.labels)
    split = train_test_split(X, Y, 0.2, seed)
    rows = []
    for batch_size in batch_sizes:
        for name in names:
            times, cpu_times, accuracies = [], [], []
            # Up to `runs` runs, but stop once `budget` seconds are spent (at least one):
            # scikit-learn at batch size 1 needs minutes per run.
            while len(times) < runs and (not times or sum(times) < budget):
                timer, acc = CONTENDERS[name](*split, epochs=epochs, lr=lr,
                                              batch_size=batch_size, seed=seed)
                times.append(timer.wall)
                cpu_times.append(timer.cpu)
                accuracies.append(acc)
            rows.append({"batch_size": batch_size, "name": name, "runs": len(times),
                         "seconds": statistics.median(times), "min": min(times),
                         "cpu": statistics.median(cpu_times),
                         "max": max(times), "accuracy": statistics.median(accuracies)})
            print(f"  batch size {batch_size:>3} {name:>8}: median {rows[-1]['seconds']:.3f} s "
                  f"over {len(times)} runs", file=sys.stderr)
    ours = {row["batch_size"]: row["seconds"] for row in rows if row["name"] == "numpy"}
    for row in rows:
        row["per_epoch_ms"] = 1000 * row["seconds"] / epochs
        row["ratio"] = row["seconds"] / ours[row["batch_size"]] if row["batch_size"] in ours \
            else float("nan")
    return rows


def markdown(rows, facts, epochs, runs, rss):
    lines = [f"{epochs} epochs on the bundled digits (800 training, 200 test images), "
             f"median of up to {runs} runs (fewer where one run takes long).", ""]
    lines += [f"- {key}: {value}" for key, value in facts.items()]
    if rss is not None:
        lines.append(f"- peak RSS of `python -m solutions.lesson07_classifier` "
                     f"(bundled, figures included): {rss:.0f} MiB")
    lines += ["", "| batch size | implementation | wall time (s) | min-max (s) | CPU time (s) "
                  "| per epoch (ms) | test accuracy | time / ours | runs |",
              "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(f"| {row['batch_size']} | {row['name']} | {row['seconds']:.3f} | "
                     f"{row['min']:.3f}-{row['max']:.3f} | {row['cpu']:.3f} | "
                     f"{row['per_epoch_ms']:.2f} | "
                     f"{100 * row['accuracy']:.1f}% | {row['ratio']:.2f}x | {row['runs']} |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per cell (median)")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="seconds after which a cell stops adding runs (default 60)")
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 32])
    parser.add_argument("--only", nargs="+", choices=sorted(CONTENDERS),
                        default=list(CONTENDERS), help="contenders to run (default all)")
    parser.add_argument("--no-rss", action="store_true", help="skip the peak-memory run")
    parser.add_argument("--markdown", metavar="PATH", help="also write the table there")
    args = parser.parse_args(argv)

    names = ["numpy"] + [n for n in args.only if n != "numpy"] if "numpy" in args.only \
        else list(args.only)
    for name in names[:]:
        if name == "numpy":
            continue
        try:
            __import__(name)
        except ImportError:
            print(f"skipping {name}: not installed (pip install -e \".[bench]\")",
                  file=sys.stderr)
            names.remove(name)
    facts = machine()
    rows = measure(names, args.batch_sizes, args.runs, args.epochs, args.lr, args.seed,
                   args.budget)
    rss = None if args.no_rss else peak_rss_mb()
    table = markdown(rows, facts, args.epochs, args.runs, rss)
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table)
        print(f"wrote {args.markdown}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
