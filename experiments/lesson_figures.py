"""The figures and worked numbers of the lesson pages, computed from the course's own code.

The docs build (docs/hooks/teaching.py) calls these and caches what they write; nothing here
is needed by a learner. Every function takes plain data and returns a matplotlib Figure
(Agg, no pyplot, no window), so the numbers on a figure are those of the reference solution
of the same commit.

    sigmoid_figure()              lesson 1: sigma and sigma', and where float64 rounds
    network_figure(params)        lesson 2: the 784-32-1 parameters drawn to scale
    init_figure(params)           lesson 2: the initial weights against N(0, 1/fan_in)
    loss_terms_figure(eps)        lesson 3: -log(a) and -log(1 - a), and the clipping
    graph_figure()                lesson 4: the computation graph, forward and backward
    gradcheck_figure(errors)      lesson 4: relative errors of right and wrong backwards
    descent_figure(...)           lesson 5: steps on a 2-D slice of the real loss
    sweep_figure(sweep)           lesson 6: loss curves for learning rates and batch sizes
    weights_figure(W1)            lesson 7: each hidden unit's 784 weights as a 28x28 image
"""

import math

import numpy as np

from .figures import _figure


# --- lesson 1 ---------------------------------------------------------------------------------

def rounding_points(sigmoid):
    """The z where float64 gives up, found with `sigmoid` itself (the reference's).

    Returns {"one": smallest z with sigmoid(z) == 1.0, "zero": largest z with sigmoid(z) == 0.0,
    "overflow": smallest z with np.exp(-z) finite} to two decimals.
    """
    def first(condition, low, high):  # bisection: condition(low) False, condition(high) True
        for _ in range(200):
            mid = (low + high) / 2
            low, high = (low, mid) if condition(mid) else (mid, high)
        return high

    one = first(lambda z: float(sigmoid(z)) == 1.0, 0.0, 100.0)
    zero = -first(lambda z: float(sigmoid(-z)) == 0.0, 0.0, 2000.0)
    with np.errstate(over="ignore"):
        overflow = -first(lambda z: not np.isfinite(np.exp(np.float64(z))), 0.0, 2000.0)
    return {"one": one, "zero": zero, "overflow": overflow}


def sigmoid_figure(sigmoid, sigmoid_prime):
    points = rounding_points(sigmoid)
    fig = _figure(10, 3.8)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.25]})
    z = np.linspace(-8, 8, 801)
    left.plot(z, sigmoid(z), label="σ(z)")
    left.plot(z, sigmoid_prime(z), label="σ'(z)")
    left.axhline(0.5, color="grey", lw=0.6, ls=":")
    left.axhline(0.25, color="grey", lw=0.6, ls=":")
    left.annotate("σ(0) = 0.5", (0, 0.5), (1.2, 0.42), fontsize=8, arrowprops={"arrowstyle": "-", "lw": 0.6})
    left.annotate("σ'(0) = 0.25", (0, 0.25), (1.4, 0.17), fontsize=8, arrowprops={"arrowstyle": "-", "lw": 0.6})
    left.set_xlabel("z")
    left.set_title("The sigmoid and its slope")
    left.legend(loc="upper left")
    left.grid(alpha=0.3)

    z = np.linspace(-760, 45, 4000)
    s = sigmoid(z)
    with np.errstate(divide="ignore"):
        right.plot(z, np.where(s > 0, np.log10(np.maximum(s, 1e-320)), np.nan), label="log10 σ(z)")
        right.plot(z, np.log10(np.maximum(1.0 - s, 1e-320)), label="log10 (1 - σ(z)), computed as 1 - σ")
    for key, colour in (("overflow", "C3"), ("zero", "C2"), ("one", "C4")):
        right.axvline(points[key], color=colour, lw=1, ls="--")
    for key, text, colour, height, side in (("overflow", "e^(-z) overflows (the textbook formula warns)", "C3", -60, "left"),
                                            ("zero", "σ(z) rounds to 0.0", "C2", -250, "left"),
                                            ("one", "σ(z) rounds to 1.0", "C4", -150, "right")):
        right.text(points[key] + (8 if side == "left" else -8), height, f"{text}\nz ≈ {points[key]:.1f}",
                   color=colour, fontsize=8, ha=side)
    right.set_xlabel("z")
    right.set_ylabel("log10 of the stored value")
    right.set_title("Where float64 gives up")
    right.legend(loc="lower right", fontsize=8)
    right.grid(alpha=0.3)
    return fig


# --- lesson 2 ---------------------------------------------------------------------------------

def network_figure(params):
    """W1 (32 x 784), b1, W2 (1 x 32) and b2 as one image, one square per number: to scale."""
    W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
    n_h, n_x = W1.shape
    gap = 24
    width = n_x + gap + 1 + gap + W2.shape[1] + gap + 1
    canvas = np.full((n_h, width), np.nan)
    canvas[:, :n_x] = W1
    x_b1 = n_x + gap
    canvas[:, x_b1] = b1[:, 0]
    x_w2 = x_b1 + 1 + gap
    middle = n_h // 2
    canvas[middle, x_w2:x_w2 + W2.shape[1]] = W2[0] / max(float(np.abs(W2).max()), 1e-12) * float(np.abs(W1).max())
    x_b2 = x_w2 + W2.shape[1] + gap
    canvas[middle, x_b2] = b2[0, 0]
    fig = _figure(10, 1.5)
    ax = fig.add_subplot()
    limit = float(np.abs(W1).max())
    ax.imshow(canvas, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest", aspect="equal")
    from matplotlib.patches import Rectangle

    for left, top, width_, height_ in ((0, 0, n_x, n_h), (x_b1, 0, 1, n_h), (x_w2, middle, W2.shape[1], 1),
                                       (x_b2, middle, 1, 1)):  # outlines: zeros are white
        ax.add_patch(Rectangle((left - 0.5, top - 0.5), width_, height_, fill=False, lw=0.7, ec="black"))
    ax.set_axis_off()
    label = {"fontsize": 8, "ha": "center", "va": "bottom"}
    ax.text(n_x / 2, -2, f"W1: {n_h} x {n_x} = {W1.size:,} weights, one row per hidden unit, "
            "one column per pixel", **label)
    ax.text(x_b1, -2, "b1", **label)
    ax.text(x_w2 + W2.shape[1] / 2, middle + 2, f"W2: 1 x {W2.shape[1]}", fontsize=8, ha="center", va="top")
    ax.text(x_b2 + 4, middle - 2, "b2", **label)
    total = sum(p.size for p in (W1, b1, W2, b2))
    ax.set_title(f"All {total:,} parameters of the 784-32-1 network at the start, one square each "
                 "(red > 0, blue < 0, white 0)", fontsize=9, pad=14)
    return fig


def init_figure(params):
    """Histograms of the initial W1 and W2 with the N(0, 1/fan_in) density over them."""
    fig = _figure(10, 3.2)
    for ax, name in zip(fig.subplots(1, 2), ("W1", "W2")):
        w = params[name].ravel()
        fan_in = params[name].shape[1]
        std = 1 / math.sqrt(fan_in)
        ax.hist(w, bins=60 if w.size > 100 else 10, density=True, alpha=0.6, label=f"the {w.size:,} entries")
        x = np.linspace(-4 * std, 4 * std, 400)
        ax.plot(x, np.exp(-x ** 2 / (2 * std ** 2)) / (std * math.sqrt(2 * math.pi)),
                label=f"N(0, 1/{fan_in}): std {std:.3f}")
        ax.set_title(f"{name} at the start (fan_in = {fan_in})", fontsize=10)
        ax.set_xlabel("weight")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    return fig


# --- lesson 3 ---------------------------------------------------------------------------------

def loss_terms_figure(eps):
    fig = _figure(10, 3.6)
    left, right = fig.subplots(1, 2)
    a = np.linspace(0.001, 0.999, 999)
    left.plot(a, -np.log(a), label="label 1 (a 5): -log(a)")
    left.plot(a, -np.log(1 - a), label="label 0 (a 4): -log(1 - a)")
    left.set_xlabel("a, the network's probability that the image is a 5")
    left.set_ylabel("loss of one example")
    left.set_ylim(0, 7)
    left.axhline(math.log(2), color="grey", lw=0.6, ls=":")
    left.text(0.52, math.log(2) + 0.15, "log 2 ≈ 0.693 at a = 0.5", fontsize=8)
    left.legend(fontsize=8)
    left.grid(alpha=0.3)
    left.set_title("The two terms of binary cross-entropy", fontsize=10)

    a = np.logspace(-16, -0.31, 800)
    clipped = np.clip(a, eps, 1 - eps)
    right.semilogx(a, -np.log(a), label="-log(a): no limit as a → 0")
    right.semilogx(a, -np.log(clipped), ls="--", label=f"-log(clip(a, {eps:g}, 1 - {eps:g}))")
    right.axvline(eps, color="C3", lw=1, ls=":")
    right.text(eps * 1.5, 5, f"eps = {eps:g}\ncap = -log(eps) ≈ {-math.log(eps):.1f}", color="C3", fontsize=8)
    right.set_xlabel("a (log scale) for a label of 1")
    right.set_ylabel("loss")
    right.legend(fontsize=8, loc="upper right")
    right.grid(alpha=0.3)
    right.set_title("A confident mistake: clipping keeps it finite", fontsize=10)
    return fig


# --- lesson 4 ---------------------------------------------------------------------------------

def graph_figure():
    """Boxes for the forward steps left to right; the backward pass's arrows under them."""
    fig = _figure(10, 3.4)
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 3.4)
    ax.set_axis_off()
    nodes = [("x", "X\n(n_x, m)"), ("z1", "Z1 = W1 X + b1\n(n_h, m)"), ("a1", "A1 = σ(Z1)\n(n_h, m)"),
             ("z2", "Z2 = W2 A1 + b2\n(1, m)"), ("a2", "A2 = σ(Z2)\n(1, m)"), ("l", "L = mean loss\n(a number)")]
    xs = np.linspace(0.8, 9.2, len(nodes))
    box = {"boxstyle": "round,pad=0.35", "fc": "#eef3fb", "ec": "#3b6db3"}
    for x, (_, text) in zip(xs, nodes):
        ax.text(x, 2.4, text, ha="center", va="center", fontsize=8.5, bbox=box)
    for x0, x1 in zip(xs[:-1], xs[1:]):
        ax.annotate("", (x1 - 0.68, 2.4), (x0 + 0.68, 2.4), arrowprops={"arrowstyle": "->", "color": "#3b6db3"})
    ax.text(0.1, 3.2, "forward: values flow right", fontsize=9, color="#3b6db3")
    grads = ["", "dZ1", "dA1", "dZ2", "dA2", "1"]
    for x, name in zip(xs[1:], grads[1:]):
        ax.text(x, 0.95, name, ha="center", va="center", fontsize=9,
                bbox={"boxstyle": "round,pad=0.3", "fc": "#fdf0e6", "ec": "#c0601a"})
    for x0, x1 in zip(xs[2:][::-1], xs[1:-1][::-1]):
        ax.annotate("", (x1 + 0.35, 0.95), (x0 - 0.35, 0.95), arrowprops={"arrowstyle": "->", "color": "#c0601a"})
    ax.text(0.1, 0.2, "backward: each step multiplies by the local slope of the box above it "
            "and flows left; dW and db branch off at the Z boxes", fontsize=9, color="#c0601a")
    for x, label in ((xs[1], "dW1, db1"), (xs[3], "dW2, db2")):
        ax.annotate(label, (x, 1.25), (x, 1.75), ha="center", fontsize=8.5, color="#c0601a",
                    arrowprops={"arrowstyle": "<-", "color": "#c0601a"})
    return fig


def gradcheck_figure(errors, threshold):
    """errors: {backward's name: {"dW1": e, ...}} -> grouped bars on a log scale."""
    fig = _figure(10, 3.4)
    ax = fig.add_subplot()
    names = list(errors)
    keys = ["dW1", "db1", "dW2", "db2"]
    width = 0.8 / len(names)
    for k, name in enumerate(names):
        values = [max(errors[name][key], 1e-17) for key in keys]
        ax.bar(np.arange(4) + (k - (len(names) - 1) / 2) * width, values, width, label=name)
    ax.set_yscale("log")
    ax.axhline(threshold, color="C3", ls="--", lw=1)
    ax.text(3.45, threshold * 2, f"threshold {threshold:g}", color="C3", fontsize=8, ha="right")
    ax.set_xticks(range(4), keys)
    ax.set_ylabel("relative error vs the numerical gradient")
    ax.set_title("The gradient check: a right backward sits far below the threshold, wrong ones far above",
                 fontsize=10)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.grid(alpha=0.3, axis="y")
    return fig


# --- lesson 5 ---------------------------------------------------------------------------------

def descent_figure(grid_a, grid_b, losses, paths, names):
    """Contours of the loss over two weights, and the paths of gradient descent on them."""
    fig = _figure(10, 4.2)
    ax = fig.add_subplot()
    contours = ax.contour(grid_a, grid_b, losses, levels=18, cmap="viridis", linewidths=0.8)
    ax.clabel(contours, fontsize=7, fmt="%.2f")
    for (label, path), colour in zip(paths.items(), ("C3", "C1", "C0")):
        path = np.asarray(path)
        ax.plot(path[:, 0], path[:, 1], "o-", color=colour, ms=3, lw=1.2, label=label)
    start = np.asarray(next(iter(paths.values())))[0]
    ax.plot(*start, "k*", ms=12, label="start")
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1])
    ax.set_title("Gradient descent on a slice of the real loss (two weights move, the rest fixed)", fontsize=10)
    ax.legend(fontsize=8)
    return fig


# --- lesson 6 ---------------------------------------------------------------------------------

def sweep_figure(sweep):
    """sweep: list of {"batch_size", "lr", "losses", "accuracy"} -> one panel per batch size."""
    sizes = sorted({run["batch_size"] for run in sweep})
    fig = _figure(10, 3.6)
    axes = fig.subplots(1, len(sizes), sharey=True)
    for ax, size in zip(np.atleast_1d(axes), sizes):
        for k, run in enumerate(r for r in sweep if r["batch_size"] == size):
            epochs = np.arange(1, len(run["losses"]) + 1)
            ax.plot(epochs, run["losses"], color=f"C{k}",
                    label=f"lr {run['lr']:g}: {100 * run['accuracy']:.1f}% test")
        ax.set_yscale("log")
        ax.set_title(f"batch size {size} ({math.ceil(run['n_train'] / size)} steps per epoch)", fontsize=10)
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3, which="both")
        ax.legend(fontsize=8)
    np.atleast_1d(axes)[0].set_ylabel("mean training loss")
    return fig


# --- lesson 7 ---------------------------------------------------------------------------------

def weights_figure(W1, columns=8):
    """Each row of W1 (one hidden unit's 784 weights) as a 28x28 image, red > 0, blue < 0."""
    rows = math.ceil(W1.shape[0] / columns)
    fig = _figure(columns * 1.1, rows * 1.15 + 0.5)
    axes = fig.subplots(rows, columns)
    for k, ax in enumerate(np.ravel(axes)):
        ax.set_axis_off()
        if k < W1.shape[0]:
            limit = float(np.abs(W1[k]).max())
            ax.imshow(W1[k].reshape(28, 28), cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest")
            ax.set_title(f"unit {k}", fontsize=7)
    fig.suptitle("What each hidden unit looks for: its 784 trained weights as an image (red: ink there "
                 "raises z, blue: lowers it)", fontsize=9)
    return fig


def misclassified_figure(X_test, y_true, probabilities, classes=(4, 5)):
    """Every misclassified test image, large, with the true digit and the network's probability."""
    y = np.ravel(y_true)
    p = np.ravel(probabilities)
    wrong = np.flatnonzero((p >= 0.5) != (y == 1))
    count = max(len(wrong), 1)
    fig = _figure(2.2 * count + 0.4, 2.7)
    axes = np.atleast_1d(fig.subplots(1, count))
    for ax in axes:
        ax.set_axis_off()
    for ax, i in zip(axes, wrong):
        ax.imshow(X_test[:, i].reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        true = classes[1] if y[i] == 1 else classes[0]
        ax.set_title(f"test image {i}: a {true}\np({classes[1]}) = {p[i]:.3f}", fontsize=9, color="red")
    if not len(wrong):
        fig.suptitle("no misclassified test image")
    return fig


def interval_figure(results):
    """results: [(label, correct, n)] -> 95% Wilson intervals as error bars."""
    fig = _figure(10, 2.6)
    ax = fig.add_subplot()
    for k, (label, correct, n) in enumerate(results):
        low, high = wilson(correct, n)
        ax.errorbar(100 * correct / n, k, xerr=[[100 * (correct / n - low)], [100 * (high - correct / n)]],
                    fmt="o", capsize=4)
        ax.text(100 * high + 0.2, k, f"{label}: {correct}/{n} = {100 * correct / n:.1f}%, "
                f"95% interval {100 * low:.1f}% to {100 * high:.1f}%", va="center", fontsize=8)
    ax.set_yticks([])
    ax.set_ylim(-0.7, len(results) - 0.3)
    ax.set_xlim(90, 104)
    ax.set_xlabel("test accuracy (%)")
    ax.set_title("An accuracy measured on 200 test images is uncertain by about ±2 points", fontsize=10)
    ax.grid(alpha=0.3, axis="x")
    return fig


def wilson(correct, n, z=1.959964):
    """The 95% Wilson score interval of a proportion correct/n."""
    p = correct / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def splits_figure(accuracies, label):
    fig = _figure(10, 2.8)
    ax = fig.add_subplot()
    values = 100 * np.asarray(accuracies)
    ax.hist(values, bins=np.arange(94.75, 100.76, 0.5), rwidth=0.85)
    ax.set_xlabel("test accuracy (%) on 200 test images")
    ax.set_ylabel("splits")
    ax.set_title(f"{len(values)} different 80/20 splits, {label}: mean {values.mean():.1f}%, "
                 f"from {values.min():.1f}% to {values.max():.1f}%", fontsize=10)
    ax.grid(alpha=0.3, axis="y")
    return fig


def pairs_figure(pairs):
    """pairs: [{"classes": [a, b], "accuracy": x, "errors": k, "n_test": n}] -> bars with intervals."""
    fig = _figure(10, 3)
    ax = fig.add_subplot()
    labels = [f"{p['classes'][0]} vs {p['classes'][1]}" for p in pairs]
    for k, p in enumerate(pairs):
        correct = p["n_test"] - p["errors"]
        low, high = wilson(correct, p["n_test"])
        ax.errorbar(k, 100 * p["accuracy"], yerr=[[100 * (p["accuracy"] - low)], [100 * (high - p["accuracy"])]],
                    fmt="o", capsize=5)
        ax.text(k + 0.08, 100 * p["accuracy"], f"{100 * p['accuracy']:.1f}%", va="center", fontsize=8)
    ax.set_xticks(range(len(pairs)), labels)
    ax.set_ylabel("test accuracy (%), 95% interval")
    ax.set_title("The same network and settings on other pairs of digits (200 test images each)", fontsize=10)
    ax.grid(alpha=0.3, axis="y")
    return fig
