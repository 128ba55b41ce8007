"""The deeper network (lesson 10) in NumPy against PyTorch, from the same initial weights.

    pip install torch                  # the CPU build; never needed by the course
    python benchmarks/deep.py                          # bundled digits and the MNIST-sized set, 5 runs
    python benchmarks/deep.py --data ~/mnist           # the real MNIST files instead of the written ones
    python benchmarks/deep.py --runs 3 --markdown benchmarks/deep.md

Both contenders train 784-64-32-1 (ReLU hidden layers, sigmoid output, mean binary
cross-entropy), Adam with lr 0.001, beta1 0.9, beta2 0.999, eps 1e-8, batch size 32,
20 epochs, a new shuffle every epoch and the mean training loss computed after every
epoch, all in float64, from the same He-initialised weights (the reference's
`init_deep(seed)`), and are scored on the same test images:

- numpy: solutions.lesson10_deeper.train_deep (lessons 8 and 9's forward_deep,
         backward_deep and step), the course's reference;
- torch: nn.Linear + nn.ReLU + nn.Linear + nn.ReLU + nn.Linear, BCEWithLogitsLoss (the
         output sigmoid folded into the loss), torch.optim.Adam(eps=1e-8), the
         reference's initial weights copied in.

Two data sets, side by side in one run:

- "bundled": lesson 7's split of the 1,000 bundled 4s and 5s (800 training, 200 test);
- "MNIST-sized": the four IDX files of `--data` if given, else IDX files this script
  writes itself into a temporary folder: the bundled 5,000 digits (all ten classes),
  each shifted by one pixel in eight directions and unshifted, repeated until the 4s and
  5s have exactly the sizes of the real MNIST 4-vs-5 sets (11,263 training, 1,874 test
  images; test copies are shifted differently from training copies). They are read
  back through `digits.load_digits(folder)`, the same path as `--data`. This measures
  the time at MNIST's size; its accuracy is not MNIST's (the images are copies of
  1,000 digits), and the output says which data was used.

Each cell is timed up to `--runs` times (wall clock, training only, data already in
memory) and the median is reported with the peer's time divided by ours.
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from compare import THREAD_VARIABLES, Timer, machine  # noqa: E402,F401

from digits import load_digits  # noqa: E402
from digits.idx import write_idx  # noqa: E402
from solutions.lesson07_classifier import accuracy, preprocess, train_test_split  # noqa: E402
from solutions.lesson08_deep import forward_deep, init_deep  # noqa: E402
from solutions.lesson10_deeper import train_deep  # noqa: E402

LAYERS = [784, 64, 32, 1]
SETTINGS = {"epochs": 20, "lr": 0.001, "batch_size": 32, "method": "adam"}
MNIST_4_VS_5 = (5842 + 5421, 982 + 892)  # training and test images of 4 and 5 in the real MNIST
SHIFTS = [(0, 0), (0, 1), (1, 0), (0, -1), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1)]


def numpy_contender(X_train, Y_train, X_test, Y_test, *, seed):
    with Timer() as timer:
        params, _ = train_deep(X_train, Y_train, layer_sizes=LAYERS, seed=seed, **SETTINGS)
    return timer, accuracy(Y_test, (forward_deep(X_test, params)[0] >= 0.5).astype(np.float64))


def torch_contender(X_train, Y_train, X_test, Y_test, *, seed):
    import torch
    from torch import nn

    torch.manual_seed(seed)
    start = init_deep(LAYERS, seed)  # the reference's weights
    model = nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1)).double()
    with torch.no_grad():
        for number, layer in zip((1, 2, 3), (model[0], model[2], model[4])):
            layer.weight.copy_(torch.from_numpy(start[f"W{number}"]))
            layer.bias.copy_(torch.from_numpy(start[f"b{number}"].ravel()))
    X = torch.from_numpy(np.ascontiguousarray(X_train.T))  # one example per row
    Y = torch.from_numpy(np.ascontiguousarray(Y_train.T))
    loss_fn = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=SETTINGS["lr"], betas=(0.9, 0.999), eps=1e-8)
    generator = torch.Generator().manual_seed(seed)
    m, batch_size = X.shape[0], SETTINGS["batch_size"]
    with Timer() as timer:
        for _ in range(SETTINGS["epochs"]):
            order = torch.randperm(m, generator=generator)
            X_shuffled, Y_shuffled = X[order], Y[order]
            for first in range(0, m, batch_size):
                optimizer.zero_grad()
                loss = loss_fn(model(X_shuffled[first:first + batch_size]), Y_shuffled[first:first + batch_size])
                loss.backward()
                optimizer.step()
            with torch.no_grad():  # the epoch's training loss, as the reference records it
                loss_fn(model(X), Y).item()
    with torch.no_grad():
        logits = model(torch.from_numpy(np.ascontiguousarray(X_test.T))).numpy().T
    return timer, accuracy(Y_test, (logits >= 0).astype(np.float64))


CONTENDERS = {"numpy": numpy_contender, "torch": torch_contender}


def _shifted(images, dy, dx):
    return np.roll(np.roll(images, dy, axis=1), dx, axis=2)


def write_mnist_sized(folder, sizes=MNIST_4_VS_5):
    """Four IDX files in `folder` from the bundled digits, the 4s and 5s at MNIST's sizes (see the docstring)."""
    digits = load_digits()
    images, labels = digits.images, digits.labels
    for prefix, wanted, shifts in (("train", sizes[0], SHIFTS), ("t10k", sizes[1], SHIFTS[::-1])):
        copies_images, copies_labels = [], []
        total, k = 0, 0
        while total < wanted:
            dy, dx = shifts[k % len(shifts)]
            copies_images.append(_shifted(images, dy, dx))
            copies_labels.append(labels)
            total += int(np.isin(labels, (4, 5)).sum())
            k += 1
        all_images, all_labels = np.concatenate(copies_images), np.concatenate(copies_labels)
        keep = np.flatnonzero(np.isin(all_labels, (4, 5)))[:wanted]
        others = np.flatnonzero(~np.isin(all_labels, (4, 5)))[:len(keep)]  # other digits, as in MNIST's files
        chosen = np.sort(np.concatenate([keep, others]))
        write_idx(Path(folder) / f"{prefix}-images-idx3-ubyte", all_images[chosen])
        write_idx(Path(folder) / f"{prefix}-labels-idx1-ubyte", all_labels[chosen].astype(np.uint8))
    return Path(folder)


def datasets(data):
    """{name: (X_train, Y_train, X_test, Y_test), ...} and the description of the MNIST-sized one."""
    digits = load_digits()
    X, Y = preprocess(digits.images, digits.labels)
    sets = {"bundled": train_test_split(X, Y, 0.2, 0)}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(data) if data else write_mnist_sized(scratch)
        big = load_digits(folder)
        X_train, Y_train = preprocess(big.images, big.labels)
        X_test, Y_test = preprocess(big.test_images, big.test_labels)
    what = (f"the MNIST IDX files in {data}" if data else
            "IDX files written from the bundled digits (shifted copies) at MNIST's 4-vs-5 sizes")
    sets["MNIST-sized"] = (X_train, Y_train, X_test, Y_test)
    return sets, what


def measure(names, runs, seed, data, budget):
    sets, what = datasets(data)
    rows = []
    for set_name, split in sets.items():
        for name in names:
            times, cpu, accuracies = [], [], []
            while len(times) < runs and (not times or sum(times) < budget):
                timer, acc = CONTENDERS[name](*split, seed=seed)
                times.append(timer.wall)
                cpu.append(timer.cpu)
                accuracies.append(acc)
            rows.append({"data": set_name, "n_train": split[0].shape[1], "n_test": split[2].shape[1], "name": name,
                         "runs": len(times), "seconds": statistics.median(times), "min": min(times),
                         "max": max(times), "cpu": statistics.median(cpu), "accuracy": statistics.median(accuracies)})
            print(f"  {set_name:>11} {name:>6}: median {rows[-1]['seconds']:.3f} s over {len(times)} runs",
                  file=sys.stderr)
    ours = {row["data"]: row["seconds"] for row in rows if row["name"] == "numpy"}
    for row in rows:
        row["per_epoch_ms"] = 1000 * row["seconds"] / SETTINGS["epochs"]
        row["ratio"] = row["seconds"] / ours[row["data"]] if row["data"] in ours else float("nan")
    return rows, what


def markdown(rows, facts, runs, what):
    lines = [f"784-64-32-1 ReLU, Adam lr 0.001, batch size 32, {SETTINGS['epochs']} epochs, float64, the same "
             f"initial weights; median of up to {runs} runs. MNIST-sized data: {what}.", ""]
    lines += [f"- {key}: {value}" for key, value in facts.items()]
    lines += ["", "| data | training / test images | implementation | wall time (s) | min-max (s) | CPU time (s) "
                  "| per epoch (ms) | test accuracy | time / ours | runs |",
              "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(f"| {row['data']} | {row['n_train']} / {row['n_test']} | {row['name']} | {row['seconds']:.3f} | "
                     f"{row['min']:.3f}-{row['max']:.3f} | {row['cpu']:.3f} | {row['per_epoch_ms']:.1f} | "
                     f"{100 * row['accuracy']:.2f}% | {row['ratio']:.2f}x | {row['runs']} |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per cell (median)")
    parser.add_argument("--budget", type=float, default=120.0,
                        help="seconds after which a cell stops adding runs (default 120)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", metavar="DIR", help="a folder of the four real MNIST IDX files")
    parser.add_argument("--only", nargs="+", choices=sorted(CONTENDERS), default=list(CONTENDERS))
    parser.add_argument("--markdown", metavar="PATH", help="also write the table there")
    args = parser.parse_args(argv)
    names = [n for n in ("numpy", "torch") if n in args.only]
    if "torch" in names:
        try:
            import torch  # noqa: F401
        except ImportError:
            print("torch is not installed: `pip install torch` (CPU build), or --only numpy", file=sys.stderr)
            names.remove("torch")
    facts = machine()
    facts = {key: value for key, value in facts.items() if key != "sklearn"}
    print("\n".join(f"{key}: {value}" for key, value in facts.items()), file=sys.stderr)
    rows, what = measure(names, args.runs, args.seed, args.data, args.budget)
    table = markdown(rows, facts, args.runs, what)
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
