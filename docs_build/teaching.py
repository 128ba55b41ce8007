"""{{ worked.* }}, {{ sweep.* }}, {{ points.* }}, {{ experiments.* }}, {{ grader.* }}: the lesson pages'
figures, worked numbers and grader messages, made by `python -m docs_build`.

Nothing here is typed in by hand, so the pages cannot drift from the code:

- figures (lessons 1-6 and the Experiments page), drawn by `experiments.lesson_figures` from the
  reference solutions and real training runs, written to docs/figures/;
- numbers, quoted with placeholders: {{ worked.* }} (lesson 4's 2-2-1 example: forward
  values, loss, every gradient and the numerical gradient), {{ sweep.* }} (lesson 6's runs
  over learning rates and batch sizes), {{ points.* }} (lesson 1's float64 limits),
  {{ experiments.* }} (the Experiments page);
- {{ grader.NAME }}: what the real grader prints for a planted mistake (PLANTED), got by
  running `python -m checks N --lessons-dir <copy> --json out.json` in a subprocess on a
  copy of the stubs with that one mistake, and reading the first failed check's "output".

A placeholder alone on its line (after indentation) is replaced by a block indented like
it, so it works inside admonitions. An unknown name fails the build. Runs are cached on
disk, keyed by the sources that shape them (the grader's messages by checks/ too), so an
unchanged build takes a second.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import ROOT, BuildError
from .cache import cached, source_key

SCOPES = ("worked", "sweep", "points", "experiments", "grader")
# lesson 6: every pair of these, 50 epochs, seed 0, plus the course's own run (batch size 1,
# lr 0.01); per-example runs take seconds each, so the other batch-size-1 rates are left out
SWEEP = {"lr": (0.01, 0.1, 1.0), "batch_size": (32, 800)}
PAIRS = ((3, 8),)  # the Experiments page: another pair of digits (4 vs 5 is the course's run)
SEED_CORRECT = 195  # the seed report: 97.5% of 200 test images ([[101, 2], [3, 94]])
DESCENT_RATES = (1.0, 5.0, 25.0)  # lesson 5: too small, about right, too large for this slice
SPLITS = {"seeds": 10, "lr": 0.1, "batch_size": 32}  # the Experiments page: accuracy over 80/20 splits

# (lesson, function, the code that replaces its solution block): one mistake each.
PLANTED = {
    "sigmoid_textbook": (1, "sigmoid", "z = np.asarray(z, dtype=np.float64)\nreturn 1.0 / (1.0 + np.exp(-z))"),
    "sigmoid_where": (1, "sigmoid", "z = np.asarray(z, dtype=np.float64)\n"
                                    "return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))"),
    "init_zeros": (2, "init_params", 'return {"W1": np.zeros((n_h, n_x)), "b1": np.zeros((n_h, 1)),\n'
                                     '        "W2": np.zeros((n_y, n_h)), "b2": np.zeros((n_y, 1))}'),
    "forward_tanh": (2, "forward", 'Z1 = params["W1"] @ X + params["b1"]\nA1 = np.tanh(Z1)\n'
                                   'Z2 = params["W2"] @ A1 + params["b2"]\nA2 = sigmoid(Z2)\n'
                                   'return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}'),
    "bce_eps_added": (3, "bce_loss", "eps = 1e-12\n"
                                     "return float(-np.mean(Y * np.log(A2 + eps) + (1.0 - Y) * np.log(1.0 - A2 + eps)))"),
    # two lines, so that the line the grader quotes (the failing log) is not the whole loss
    "bce_no_clip": (3, "bce_loss", "log_a, log_not_a = np.log(A2), np.log(1.0 - A2)\n"
                                   "return float(-np.mean(Y * log_a + (1.0 - Y) * log_not_a))"),
    "update_uphill": (5, "update", 'return {name: P + lr * grads["d" + name] for name, P in params.items()}'),
    "train_one_shuffle": (6, "train", "n_x, m = X.shape\n"
                                      "params = init_params(n_x, n_h, Y.shape[0], seed=seed)\n"
                                      "order = np.random.default_rng([seed, 1]).permutation(m)  # once\n"
                                      "losses = []\n"
                                      "for epoch in range(epochs):\n"
                                      "    for start in range(0, m, batch_size):\n"
                                      "        cols = order[start:start + batch_size]\n"
                                      "        _, cache = forward(X[:, cols], params)\n"
                                      "        params = update(params, backward(X[:, cols], Y[:, cols], params, cache), lr)\n"
                                      "    losses.append(bce_loss(forward(X, params)[0], Y))\n"
                                      "return params, losses"),
    "backward_no_slope": (4, "backward", 'm = X.shape[1]\ndZ2 = (cache["A2"] - Y) / m\n'
                                         'dW2 = dZ2 @ cache["A1"].T\ndb2 = dZ2.sum(axis=1, keepdims=True)\n'
                                         'dZ1 = params["W2"].T @ dZ2\ndW1 = dZ1 @ X.T\n'
                                         'db1 = dZ1.sum(axis=1, keepdims=True)\n'
                                         'return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}'),
    "backward_squared_error": (4, "backward", 'm = X.shape[1]\n'
                                              'dZ2 = (cache["A2"] - Y) * sigmoid_prime(cache["Z2"]) / m\n'
                                              'dW2 = dZ2 @ cache["A1"].T\ndb2 = dZ2.sum(axis=1, keepdims=True)\n'
                                              'dZ1 = (params["W2"].T @ dZ2) * sigmoid_prime(cache["Z1"])\n'
                                              'dW1 = dZ1 @ X.T\ndb1 = dZ1.sum(axis=1, keepdims=True)\n'
                                              'return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}'),
}

# lesson 4's worked example: a 2-2-1 network and one example, small enough to check by hand
WORKED = {"x": [[1.0], [0.5]], "y": [[1.0]], "W1": [[0.1, -0.2], [0.4, 0.3]], "b1": [[0.0], [0.1]],
          "W2": [[0.5, -0.6]], "b2": [[0.2]]}

# --- the figures and numbers ------------------------------------------------------------------

def teaching(root: Path) -> Path:
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    key = source_key(("solutions/lesson0[1-7]_*.py", "digits/__init__.py", "digits/dataset.py", "experiments/figures.py",
                      "experiments/lesson_figures.py", "digits/*.npz", "checks/gradcheck.py"),
                     [SWEEP, PAIRS, SPLITS, WORKED], __file__)
    return cached("docs-teaching", key, lambda folder: _make_in_subprocess(root, folder))


def _make_in_subprocess(root: Path, folder: Path) -> None:
    """_make in a fresh Python with one BLAS thread: on a busy machine, BLAS's threads waiting
    for each other made the small matrix products of the runs tens of times slower."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-m", "docs_build.teaching", str(root), str(folder)], cwd=root,
                          capture_output=True, text=True, env=env, timeout=1800)
    if done.returncode != 0:
        raise BuildError(f"making the lesson figures failed:\n{done.stderr.strip()[-3000:]}")


def _make(folder: Path) -> None:
    import numpy as np

    from checks.gradcheck import THRESHOLD, numerical_gradient, relative_error
    from experiments import lesson_figures as draw
    from digits import load_digits
    from solutions.lesson01_sigmoid import sigmoid, sigmoid_prime
    from solutions.lesson02_forward import forward, init_params
    from solutions.lesson03_loss import EPS, bce_loss
    from solutions.lesson04_backward import backward
    from solutions.lesson06_train import train
    from solutions.lesson07_classifier import (accuracy, confusion_matrix, predict, preprocess, run,
                                               train_test_split)

    figures = folder / "figures"
    figures.mkdir()
    numbers = {}

    def save(fig, name):
        fig.savefig(figures / name, format="png")

    # lesson 1
    save(draw.sigmoid_figure(sigmoid, sigmoid_prime), "sigmoid.png")
    numbers["points"] = {k: round(v, 2) for k, v in draw.rounding_points(sigmoid).items()}

    # lesson 2
    params = init_params(784, 32, 1, seed=0)
    save(draw.network_figure(params), "network.png")
    save(draw.init_figure(params), "init_weights.png")

    # lesson 3
    save(draw.loss_terms_figure(EPS), "loss_terms.png")

    # lesson 4: the worked example, the graph, the gradient check of right and wrong backwards
    numbers["worked"] = _worked(forward, bce_loss, backward, numerical_gradient, relative_error)
    save(draw.graph_figure(), "graph.png")
    wrongs = {"a right backward": backward,
              # named by what is wrong, not by the formula that puts it right (the page's answers wait)
              "wrong: the hidden layer's slope left out": lambda X, Y, p, c: _wrong(backward, X, Y, p, c, "slope"),
              "wrong: one slope too many at the output":
                  lambda X, Y, p, c: _wrong(backward, X, Y, p, c, "squared")}
    rng = np.random.default_rng(3)
    X, Y = rng.uniform(0, 1, (4, 5)), (rng.uniform(0, 1, (1, 5)) > 0.5).astype(float)
    net = init_params(4, 3, 1, seed=3)
    net = {k: v * 3 + (0.3 if k.startswith("b") else 0) for k, v in net.items()}
    _, cache = forward(X, net)
    errors = {}
    for name, fn in wrongs.items():
        grads = fn(X, Y, net, cache)
        errors[name] = {}
        for p in ("W1", "b1", "W2", "b2"):
            numerical = numerical_gradient(lambda v, p=p: bce_loss(forward(X, {**net, p: v})[0], Y), net[p])
            errors[name]["d" + p] = relative_error(grads["d" + p], numerical)
    save(draw.gradcheck_figure(errors, THRESHOLD), "gradcheck.png")
    numbers["worked"]["gradcheck"] = errors

    # lesson 5: steps on a slice of the real loss, over two weights of W2
    digits = load_digits()
    X_all, Y_all = preprocess(digits.images, digits.labels)
    X_train, Y_train, X_test, Y_test = train_test_split(X_all, Y_all, 0.2, 0)
    Xs, Ys = X_train[:, :200], Y_train[:, :200]
    start = init_params(784, 32, 1, seed=0)
    i, j = 0, 1

    def loss_at(a, b):
        W2 = start["W2"].copy()
        W2[0, i], W2[0, j] = a, b
        return bce_loss(forward(Xs, {**start, "W2": W2})[0], Ys)

    centre = start["W2"][0, [i, j]]
    paths = {}
    for lr in DESCENT_RATES:
        point = centre.copy()
        path = [point.copy()]
        for _ in range(15):
            W2 = start["W2"].copy()
            W2[0, i], W2[0, j] = point
            p = {**start, "W2": W2}
            grads = backward(Xs, Ys, p, forward(Xs, p)[1])
            point = point - lr * grads["dW2"][0, [i, j]]
            path.append(point.copy())
        paths[f"lr {lr:g}, 15 steps"] = np.array(path).tolist()
    # The grid covers 5 either side of the start and every path (the largest rate leaves that square):
    # a path drawn where no loss was computed would cross a blank, which reads as the lowest loss.
    reached = np.concatenate([np.asarray(path) for path in paths.values()])
    grid_a = np.linspace(min(centre[0] - 5, reached[:, 0].min() - 0.3), max(centre[0] + 5, reached[:, 0].max() + 0.3), 41)
    grid_b = np.linspace(min(centre[1] - 5, reached[:, 1].min() - 0.3), max(centre[1] + 5, reached[:, 1].max() + 0.3), 41)
    surface = np.array([[loss_at(a, b) for a in grid_a] for b in grid_b])
    save(draw.descent_figure(grid_a, grid_b, surface, paths, (f"W2[0, {i}]", f"W2[0, {j}]")), "descent.png")

    # lesson 6: the sweep (real runs on the course's split)
    sweep = []
    for size, lr in [(1, 0.01)] + [(size, lr) for size in SWEEP["batch_size"] for lr in SWEEP["lr"]]:
        trained, losses = train(X_train, Y_train, lr=lr, batch_size=size, seed=0)
        pred = predict(X_test, trained)
        sweep.append({"batch_size": size, "lr": lr, "losses": [float(v) for v in losses],
                      "accuracy": accuracy(Y_test, pred), "final_loss": float(losses[-1]),
                      "errors": int(np.sum(pred != Y_test)), "n_train": X_train.shape[1]})
    save(draw.sweep_figure(sweep), "lr_batch.png")
    numbers["sweep"] = sweep

    # the Experiments page: accuracy over splits, other pairs
    accuracies = []
    for seed in range(SPLITS["seeds"]):
        a, b, c, d = train_test_split(X_all, Y_all, 0.2, seed)
        trained, _ = train(a, b, lr=SPLITS["lr"], batch_size=SPLITS["batch_size"], seed=seed)
        accuracies.append(accuracy(d, predict(c, trained)))
    numbers["splits"] = accuracies
    save(draw.splits_figure(accuracies, f"batch size {SPLITS['batch_size']}, lr {SPLITS['lr']:g}"), "splits.png")
    base = next(r for r in sweep if r["batch_size"] == 1 and r["lr"] == 0.01)  # the course's run
    pairs = [{"classes": [4, 5], "accuracy": base["accuracy"], "n_test": X_test.shape[1],
              "errors": base["errors"], "final_loss": base["final_loss"]}]
    for classes in PAIRS:
        result = run(seed=0, classes=classes)
        pairs.append({"classes": list(classes), "accuracy": result["accuracy"], "n_test": result["n_test"],
                      "errors": int(result["n_test"] - round(result["accuracy"] * result["n_test"])),
                      "confusion_matrix": result["confusion_matrix"].tolist(),
                      "final_loss": result["losses"][-1]})
    numbers["pairs"] = pairs
    save(draw.pairs_figure(pairs), "pairs.png")
    n_test = X_test.shape[1]
    save(draw.interval_figure([("the seed report (another split)", SEED_CORRECT, 200),
                               ("the reference, this build", n_test - base["errors"], n_test)]), "interval.png")
    numbers["base"] = {"correct": n_test - base["errors"], "n_test": n_test}
    (folder / "numbers.json").write_text(json.dumps(numbers, indent=1))


def _wrong(backward, X, Y, params, cache, kind):
    """Two wrong backwards for the gradient-check figure, built from the right one's pieces."""
    from solutions.lesson01_sigmoid import sigmoid_prime

    m = X.shape[1]
    dZ2 = (cache["A2"] - Y) / m
    if kind == "squared":
        dZ2 = dZ2 * sigmoid_prime(cache["Z2"])
    dZ1 = params["W2"].T @ dZ2
    if kind != "slope":
        dZ1 = dZ1 * sigmoid_prime(cache["Z1"])
    return {"dW2": dZ2 @ cache["A1"].T, "db2": dZ2.sum(axis=1, keepdims=True),
            "dW1": dZ1 @ X.T, "db1": dZ1.sum(axis=1, keepdims=True)}


def _worked(forward, bce_loss, backward, numerical_gradient, relative_error):
    import numpy as np

    X, Y = np.array(WORKED["x"]), np.array(WORKED["y"])
    params = {k: np.array(WORKED[k]) for k in ("W1", "b1", "W2", "b2")}
    A2, cache = forward(X, params)
    loss = bce_loss(A2, Y)
    grads = backward(X, Y, params, cache)
    numerical = {}
    for p in params:
        numerical["d" + p] = numerical_gradient(lambda v, p=p: bce_loss(forward(X, {**params, p: v})[0], Y),
                                                params[p])
    return {"X": X.tolist(), "Y": Y.tolist(), "params": {k: v.tolist() for k, v in params.items()},
            "cache": {k: v.tolist() for k, v in cache.items()}, "loss": loss,
            "grads": {k: v.tolist() for k, v in grads.items()},
            "numerical": {k: v.tolist() for k, v in numerical.items()},
            "errors": {k: relative_error(grads[k], numerical[k]) for k in grads}}


# --- the grader's own messages ----------------------------------------------------------------

def grader_messages(root: Path) -> dict:
    key = source_key(("checks/**/*", "worker/**/*", "solutions/lesson0[1-7]_*.py", "lessons/*.py"), PLANTED, __file__)
    folder = cached("docs-grader", key, lambda folder: _run_grader(root, folder))
    return json.loads((folder / "numbers.json").read_text())


def _planted_source(root: Path, lesson_file: str, function: str, code: str) -> str:
    source = (root / "solutions" / lesson_file).read_text()
    start = source.index(f"def {function}(")
    begin = source.index("### BEGIN SOLUTION\n", start)
    end = source.index("### END SOLUTION\n", begin)
    indent = source[source.rindex("\n", 0, begin) + 1:begin]
    body = "".join(f"{indent}{line}\n" for line in code.splitlines())
    line_start = source.rindex("\n", 0, begin) + 1
    return source[:line_start] + body + source[end + len("### END SOLUTION\n"):]


def _run_grader(root: Path, folder: Path) -> None:
    sys.path.insert(0, str(root)) if str(root) not in sys.path else None
    from checks.course import LESSONS

    def one(name):
        number, function, code = PLANTED[name]
        lesson = LESSONS[number - 1]
        course = folder / name
        lessons = course / "lessons"
        shutil.copytree(root / "lessons", lessons, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        (lessons / lesson.filename).write_text(_planted_source(root, lesson.filename, function, code))
        out = course / "out.json"
        done = subprocess.run([sys.executable, "-m", "checks", str(number), "--lessons-dir", str(lessons),
                               "--json", str(out)], cwd=root, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1",
                                   "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"})
        if not out.is_file():
            raise BuildError(f"the grader wrote no report for the planted mistake {name!r} "
                              f"(exit {done.returncode}): {done.stderr.strip()[-800:]}")
        tests = json.loads(out.read_text()).get("tests", [])
        failed = [t for t in tests if t.get("status") != "passed" and str(number) in str(t.get("name", ""))]
        if not failed:
            raise BuildError(f"the planted mistake {name!r} passed every check of lesson {number}")
        # the first check that names a mistake, else the first that fails
        shown = next((t for t in failed if "likely mistake:" in t.get("output", "")), failed[0])
        return name, {"check": shown.get("name", ""), "output": shown.get("output", "").rstrip()}

    with ThreadPoolExecutor(max_workers=2) as pool:
        messages = dict(pool.map(one, sorted(PLANTED)))
    (folder / "numbers.json").write_text(json.dumps(messages, indent=1))


# --- the placeholders -------------------------------------------------------------------------

def _g(x, digits=4):
    """A number as a learner would write it down: 4 significant digits."""
    return f"{x:.{digits}g}" if abs(x) >= 1e-4 or x == 0 else f"{x:.2e}"


def _matrix(values):
    rows = values if isinstance(values[0], list) else [values]
    if len(rows) == 1 and len(rows[0]) == 1:
        return _g(rows[0][0])
    return "[" + "; ".join(", ".join(_g(v) for v in row) for row in rows) + "]"


def _worked_text(name: str, worked: dict) -> str:
    params, cache, grads, num = worked["params"], worked["cache"], worked["grads"], worked["numerical"]
    if name == "inputs":
        return ("| | value | shape |\n|---|---|---|\n"
                f"| \\(x\\) | `{_matrix(worked['X'])}` | (2, 1) |\n| \\(y\\) | `{_matrix(worked['Y'])}` | (1, 1) |\n"
                + "".join(f"| \\({k[0]}_{k[1]}\\) | `{_matrix(params[k])}` | {_shape(params[k])} |\n"
                          for k in ("W1", "b1", "W2", "b2")))
    if name == "forward":
        return ("| | value |\n|---|---|\n"
                + "".join(f"| \\({k[0]}_{k[1]}\\) | `{_matrix(cache[k])}` |\n" for k in ("Z1", "A1", "Z2", "A2"))
                + f"| loss \\(\\ell\\) | `{_g(worked['loss'])}` |\n")
    if name == "dz2":
        return f"`{_g(grads['dW2'][0][0] / cache['A1'][0][0]) if cache['A1'][0][0] else 0}`"
    if name == "gradients":
        rows = ["| gradient | your backward should give | the numerical gradient | relative error |",
                "|---|---|---|---|"]
        for k in ("dW2", "db2", "dW1", "db1"):
            rows.append(f"| `{k}` | `{_matrix(grads[k])}` | `{_matrix(num[k])}` | {worked['errors'][k]:.0e} |")
        return "\n".join(rows)
    if name in ("loss", "a2"):
        return _g(worked["loss"] if name == "loss" else cache["A2"][0][0])
    raise KeyError(name)


def _shape(values):
    return f"({len(values)}, {len(values[0])})"


def _sweep_text(name: str, sweep: list) -> str:
    def find(size, lr):
        return next((r for r in sweep if r["batch_size"] == size and r["lr"] == lr), None)

    match = re.fullmatch(r"(acc|loss|errors)_b(\d+)_lr(\d+)", name)  # acc_b32_lr001: batch 32, lr 0.01
    if match:
        kind, size, digits = match.groups()
        run = find(int(size), float("0." + digits[1:]) if digits.startswith("0") else float(digits))
        if run is None:
            raise KeyError(name)
        if kind == "acc":
            return f"{100 * run['accuracy']:.1f}%"
        return f"{run['final_loss']:.3g}" if kind == "loss" else str(run["errors"])
    if name == "table":
        sizes, rates = sorted({r["batch_size"] for r in sweep}), sorted({r["lr"] for r in sweep})
        rows = ["| batch size | " + " | ".join(f"lr {lr:g}" for lr in rates) + " |",
                "|---:|" + "---|" * len(rates)]
        for size in sizes:
            cells = [f"{100 * find(size, lr)['accuracy']:.1f}% (loss {find(size, lr)['final_loss']:.3g})"
                     if find(size, lr) else "not run" for lr in rates]
            rows.append(f"| {size} | " + " | ".join(cells) + " |")
        return "\n".join(rows)
    raise KeyError(name)


def _experiments_text(name: str, numbers: dict) -> str:
    from experiments.lesson_figures import wilson

    splits = numbers["splits"]
    if name == "splits_mean":
        return f"{100 * sum(splits) / len(splits):.1f}%"
    if name == "splits_min":
        return f"{100 * min(splits):.1f}%"
    if name == "splits_max":
        return f"{100 * max(splits):.1f}%"
    if name == "splits_count":
        return str(len(splits))
    if name == "splits_last":
        return str(len(splits) - 1)
    if name == "base_interval":
        low, high = wilson(numbers["base"]["correct"], numbers["base"]["n_test"])
        return f"{100 * low:.1f}% to {100 * high:.1f}%"
    if name == "splits_settings":
        return f"batch size {SPLITS['batch_size']}, lr {SPLITS['lr']:g}, 50 epochs"
    if name == "splits_within":  # how many splits fall inside the seed report's interval
        low, high = wilson(SEED_CORRECT, 200)
        return str(sum(low <= a <= high for a in splits))
    match = re.fullmatch(r"interval_(\d+)_(\d+)", name)  # interval_195_200: 95% interval of 195/200
    if match:
        low, high = wilson(int(match.group(1)), int(match.group(2)))
        return f"{100 * low:.1f}% to {100 * high:.1f}%"
    if name == "pairs_table":
        rows = ["| digits (class 0 vs class 1) | test accuracy | mistakes of 200 | 95% interval | final training loss |",
                "|---|---:|---:|---|---:|"]
        for p in numbers["pairs"]:
            low, high = wilson(p["n_test"] - p["errors"], p["n_test"])
            rows.append(f"| {p['classes'][0]} vs {p['classes'][1]} | {100 * p['accuracy']:.1f}% | {p['errors']} | "
                        f"{100 * low:.1f}% to {100 * high:.1f}% | {p['final_loss']:.4f} |")
        return "\n".join(rows)
    raise KeyError(name)


def _text(source: str, name: str, root: Path) -> str:
    if source == "grader":
        messages = grader_messages(root)
        if name not in messages:
            raise KeyError(name)
        return "```text\n$ python -m checks " + str(PLANTED[name][0]) + "\n...\n" + messages[name]["output"] + "\n```"
    numbers = json.loads((teaching(root) / "numbers.json").read_text())
    if source == "worked":
        return _worked_text(name, numbers["worked"])
    if source == "sweep":
        return _sweep_text(name, numbers["sweep"])
    if source == "points":
        return f"{numbers['points'][name]:.1f}"
    return _experiments_text(name, numbers)


def value(scope: str, name: str, page: str) -> str:
    return _text(scope, name, ROOT)


def figures() -> Path:
    """The folder of the lesson figures (they go to docs/figures/)."""
    return teaching(ROOT) / "figures"


if __name__ == "__main__":  # `python -m docs_build.teaching ROOT FOLDER`: make the figures and numbers (see teaching())
    sys.path.insert(0, sys.argv[1])
    _make(Path(sys.argv[2]))
