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

from .figures import PAGE_WIDTH, SMALLEST_FONT, _figure


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
    fig = _figure(PAGE_WIDTH, 6.4)
    top, bottom = fig.subplots(2, 1, height_ratios=[1, 1.15])
    z = np.linspace(-8, 8, 801)
    top.plot(z, sigmoid(z), label="σ(z)")
    top.plot(z, sigmoid_prime(z), label="σ'(z)")
    top.axhline(0.5, color="grey", lw=0.6, ls=":")
    top.axhline(0.25, color="grey", lw=0.6, ls=":")
    leader = {"arrowstyle": "-", "lw": 0.6}
    top.annotate("σ(0) = 0.5", (0, 0.5), (1.2, 0.38), fontsize=SMALLEST_FONT, arrowprops=leader)
    top.annotate("σ'(0) = 0.25", (0, 0.25), (2.0, 0.26), fontsize=SMALLEST_FONT, arrowprops=leader)  # between the curves
    top.set_xlabel("z")
    top.set_ylabel("value")
    top.set_title("The sigmoid and its slope")
    top.legend(loc="upper left")
    top.grid(alpha=0.3)

    z = np.linspace(-760, 45, 4000)
    s = sigmoid(z)
    with np.errstate(divide="ignore"):
        bottom.plot(z, np.where(s > 0, np.log10(np.maximum(s, 1e-320)), np.nan), label="log10 σ(z)")
        bottom.plot(z, np.log10(np.maximum(1.0 - s, 1e-320)), label="log10 (1 - σ(z)),\ncomputed as 1 - σ")
    for key, colour in (("overflow", "C3"), ("zero", "C2"), ("one", "C4")):
        bottom.axvline(points[key], color=colour, lw=1, ls="--")
    labels = {"overflow": ("e^(-z) overflows\n(the textbook\nformula warns)", "C3",
                           (points["overflow"] + 15, -30), "left"),
              "zero": ("σ(z) rounds to 0.0", "C2", (-560, -290), "left"),  # below the line, pointing left
              "one": ("σ(z) rounds\nto 1.0", "C4", (points["one"] - 15, -150), "right")}
    for key, (text, colour, place, side) in labels.items():
        arrow = {"arrowstyle": "->", "color": colour, "lw": 0.8} if key == "zero" else None
        bottom.annotate(f"{text}\nz ≈ {points[key]:.1f}", (points[key], place[1]), place, color=colour,
                        fontsize=SMALLEST_FONT, ha=side, va="top" if key != "zero" else "center", arrowprops=arrow)
    bottom.set_xlabel("z")
    bottom.set_ylabel("log10 of the stored value")
    bottom.set_title("Where float64 gives up")
    # Between the flat line at 0 and the rising one, clear of the labels (lower right hid the drop at z ≈ 36.7)
    bottom.legend(loc="upper left", bbox_to_anchor=(0.36, 0.93), fontsize=SMALLEST_FONT)
    bottom.grid(alpha=0.3)
    return fig


# --- lesson 2 ---------------------------------------------------------------------------------

def network_figure(params):
    """The 784-32-1 network: its units and connections, then all its parameters to scale."""
    W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
    fig = _figure(PAGE_WIDTH, 5.6)
    units, scale = fig.subplots(2, 1, height_ratios=[3.4, 1])
    _draw_units(units, W1.shape[1], W1.shape[0], W2.shape[0])
    _draw_parameters(scale, W1, b1, W2, b2)
    return fig


def _draw_units(ax, n_x, n_h, n_y, inputs_shown=12):
    """Every hidden and output unit, `inputs_shown` of the n_x inputs, and every connection between them."""
    ax.set_axis_off()
    ax.set_xlim(-0.5, 10.5)
    ax.set_ylim(-1.9, 11.4)
    shown = np.r_[np.linspace(9.6, 6.2, inputs_shown // 2), np.linspace(3.8, 0.4, inputs_shown // 2)]
    hidden = np.linspace(9.8, 0.2, n_h)
    output = np.linspace(5.4, 4.6, n_y) if n_y > 1 else np.array([5.0])
    for y0 in shown:
        ax.plot(np.c_[np.full(n_h, 1.0), np.full(n_h, 5.0)].T, np.c_[np.full(n_h, y0), hidden].T,
                color="#3b6db3", lw=0.3, alpha=0.35)
    for y0 in hidden:
        ax.plot(np.c_[np.full(n_y, 5.0), np.full(n_y, 9.0)].T, np.c_[np.full(n_y, y0), output].T,
                color="#c0601a", lw=0.6, alpha=0.7)
    ax.scatter(np.full(len(shown), 1.0), shown, s=40, color="white", edgecolor="black", zorder=3)
    ax.scatter(np.full(n_h, 5.0), hidden, s=22, color="#eef3fb", edgecolor="#3b6db3", zorder=3)
    ax.scatter(np.full(n_y, 9.0), output, s=160, color="#fdf0e6", edgecolor="#c0601a", zorder=3)
    ax.text(1.0, 5.0, f"⋮\n{n_x - inputs_shown} more", ha="center", va="center", fontsize=SMALLEST_FONT)
    label = {"ha": "center", "va": "bottom", "fontsize": SMALLEST_FONT + 1}
    ax.text(1.0, 10.2, f"{n_x} inputs X\n(one per pixel)", **label)
    ax.text(5.0, 10.2, f"{n_h} hidden units\nA1 = σ(W1 X + b1)", **label)
    ax.text(9.0, 10.2, f"{n_y} output\nA2 = σ(W2 A1 + b2)", **label)
    below = {"ha": "center", "va": "top", "fontsize": SMALLEST_FONT}
    ax.text(3.0, -0.3, f"W1: {n_h} x {n_x} weights,\none per connection; b1: {n_h}", color="#3b6db3", **below)
    ax.text(7.0, -0.3, f"W2: {n_y} x {n_h} weights; b2: {n_y}", color="#c0601a", **below)
    ax.text(9.0, 3.9, "p(5)", ha="center", va="top", fontsize=SMALLEST_FONT)


def _draw_parameters(ax, W1, b1, W2, b2):
    """W1, b1, W2 and b2 as one image, one square per number: to scale."""
    from matplotlib.patches import Rectangle

    n_h, n_x = W1.shape
    gap = 60
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
    limit = float(np.abs(W1).max())
    ax.imshow(canvas, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest", aspect="equal")
    for left, top, width_, height_ in ((0, 0, n_x, n_h), (x_b1, 0, 1, n_h), (x_w2, middle, W2.shape[1], 1),
                                       (x_b2, middle, 1, 1)):  # outlines: zeros are white
        ax.add_patch(Rectangle((left - 0.5, top - 0.5), width_, height_, fill=False, lw=0.7, ec="black"))
    ax.set_axis_off()
    above = {"fontsize": SMALLEST_FONT, "ha": "center", "va": "bottom"}
    ax.text(n_x / 2, -3, f"W1: {n_h} x {n_x} = {W1.size:,} weights", **above)
    ax.text(x_b1, -3, "b1", **above)
    ax.text(x_b2, -3, "b2", **above)
    ax.text(x_w2 + W2.shape[1] / 2, n_h + 2, f"W2: 1 x {W2.shape[1]}", fontsize=SMALLEST_FONT, ha="center", va="top")
    total = sum(p.size for p in (W1, b1, W2, b2))
    ax.set_title(f"All {total:,} parameters at the start, one square each, to scale\n"
                 "(red > 0, blue < 0, white 0)", fontsize=SMALLEST_FONT + 1, pad=16)


def init_figure(params):
    """Histograms of the initial W1 and W2 with the N(0, 1/fan_in) density over them."""
    fig = _figure(PAGE_WIDTH, 3.4)
    for ax, name in zip(fig.subplots(1, 2), ("W1", "W2")):
        w = params[name].ravel()
        fan_in = params[name].shape[1]
        std = 1 / math.sqrt(fan_in)
        ax.hist(w, bins=60 if w.size > 100 else 10, density=True, alpha=0.6, label=f"the {w.size:,} entries")
        x = np.linspace(-4 * std, 4 * std, 400)
        ax.plot(x, np.exp(-x ** 2 / (2 * std ** 2)) / (std * math.sqrt(2 * math.pi)),
                label=f"N(0, 1/{fan_in}):\nstd {std:.3f}")
        ax.set_title(f"{name} at the start (fan_in = {fan_in})", fontsize=10)
        ax.set_xlabel("weight")
        ax.set_ylabel("density")
        ax.legend(fontsize=SMALLEST_FONT, loc="upper left")
        ax.set_ylim(0, ax.get_ylim()[1] * 1.45)  # room for the legend above the bars
        ax.grid(alpha=0.3)
    return fig


# --- lesson 3 ---------------------------------------------------------------------------------

def loss_terms_figure(eps):
    fig = _figure(PAGE_WIDTH, 6.4)
    top, bottom = fig.subplots(2, 1)
    a = np.linspace(0.001, 0.999, 999)
    top.plot(a, -np.log(a), label="label 1 (a 5): -log(a)")
    top.plot(a, -np.log(1 - a), label="label 0 (a 4): -log(1 - a)")
    top.set_xlabel("a, the network's probability that the image is a 5")
    top.set_ylabel("loss of one example")
    top.set_ylim(0, 7)
    top.axhline(math.log(2), color="grey", lw=0.6, ls=":")
    # A leader from clear space (no curve runs through the label), and no value: the page asks for it.
    top.annotate("the two terms meet at a = 0.5", (0.5, math.log(2)), (0.6, 3.4), fontsize=SMALLEST_FONT,
                 arrowprops={"arrowstyle": "-", "lw": 0.6})
    top.legend(fontsize=SMALLEST_FONT, loc="upper center")
    top.grid(alpha=0.3)
    top.set_title("The two terms of binary cross-entropy", fontsize=10)

    a = np.logspace(-16, -0.31, 800)
    clipped = np.clip(a, eps, 1 - eps)
    bottom.semilogx(a, -np.log(a), label="-log(a): no limit as a → 0")
    bottom.semilogx(a, -np.log(clipped), ls="--", label=f"-log(clip(a, {eps:g}, 1 - {eps:g}))")
    bottom.axvline(eps, color="C3", lw=1, ls=":")
    bottom.text(eps * 1.5, 4, f"eps = {eps:g}\ncap = -log(eps) ≈ {-math.log(eps):.1f}", color="C3",
                fontsize=SMALLEST_FONT)
    bottom.set_xlabel("a (log scale) for a label of 1")
    bottom.set_ylabel("loss")
    bottom.legend(fontsize=SMALLEST_FONT, loc="upper right")
    bottom.grid(alpha=0.3)
    bottom.set_title("A confident mistake: clipping keeps it finite", fontsize=10)
    return fig


# --- lesson 4 ---------------------------------------------------------------------------------

FORWARD, BACKWARD, LOCAL = "#2e7d32", "#c62828", "#6a4c93"  # value, gradient, local factor (CS231n's colours)


def graph_figure():
    """The computation graph in CS231n's style: each arrow's value above it (forward) and its
    gradient below it (backward); each operation's local factor, the number the gradient is
    multiplied by on its way back through it, under the operation."""
    fig = _figure(PAGE_WIDTH - 0.3, 4.6)  # shown in a collapsed answer, whose column is 26 px narrower
    ax = fig.add_subplot()
    ax.set_xlim(-0.2, 10.2)
    ax.set_ylim(0.0, 6.3)
    ax.set_axis_off()
    font = SMALLEST_FONT
    y = 3.0
    operations = [(2.1, "W1 X + b1"), (4.3, "σ"), (6.4, "W2 A1 + b2"), (8.6, "σ, then\nmean loss")]
    box = {"boxstyle": "round,pad=0.4", "fc": "#f4f4f4", "ec": "#555555"}
    for x, text in operations:
        ax.text(x, y, text, ha="center", va="center", fontsize=font + 1, bbox=box)
    ax.text(0.2, y, "X", ha="center", va="center", fontsize=font + 2)
    ax.text(10.0, y, "L", ha="center", va="center", fontsize=font + 2)
    arrow = {"arrowstyle": "->", "color": "#555555", "lw": 1}
    chain = [(0.35, 1.45, "X\n(n_x, m)", ""), (2.85, 4.05, "Z1\n(n_h, m)", "dZ1"), (4.55, 5.6, "A1\n(n_h, m)", "dA1"),
             (7.2, 7.95, "Z2\n(1, m)", "dZ2"), (9.3, 9.85, "L", "1")]
    for x0, x1, value, grad in chain:
        ax.annotate("", (x1, y), (x0, y), arrowprops=arrow)
        middle = (x0 + x1) / 2
        ax.text(middle, y + 0.2, value, ha="center", va="bottom", fontsize=font, color=FORWARD)
        if grad:
            ax.text(middle, y - 0.2, grad, ha="center", va="top", fontsize=font, color=BACKWARD)
    for x_op, params in ((2.1, ("W1", "b1")), (6.4, ("W2", "b2"))):
        for dx, name in zip((-0.45, 0.45), params):
            ax.annotate("", (x_op + dx / 3, y + 0.45), (x_op + dx, 4.9), arrowprops=arrow)
            ax.text(x_op + dx, 4.95, name, ha="center", va="bottom", fontsize=font, color=FORWARD)
            ax.text(x_op + dx * 1.75, 4.35, "d" + name, ha="center", va="center", fontsize=font, color=BACKWARD)
    local = {"ha": "center", "va": "top", "fontsize": font, "color": LOCAL}
    ax.text(2.1, 2.1, "to W1: · Xᵀ\nto b1: sum over\nthe examples", **local)
    ax.text(4.3, 2.1, "⊙ σ′(Z1)\n(entry by entry)", **local)
    ax.text(6.4, 2.1, "to A1: W2ᵀ ·\nto W2: · A1ᵀ\nto b2: sum over\nthe examples", **local)
    ax.text(8.6, 2.1, "(A2 − Y) / m\n(σ′(Z2) cancels)", **local)
    ax.text(0.0, 6.2, "above an arrow: the value going forward", ha="left", va="top", fontsize=font, color=FORWARD)
    ax.text(0.0, 5.75, "below it: the gradient of L coming back", ha="left", va="top", fontsize=font, color=BACKWARD)
    ax.text(10.2, 6.2, "under a box: its local factor", ha="right", va="top", fontsize=font, color=LOCAL)
    ax.text(5.1, 0.05, "each gradient = the gradient on its right, times the local factor of the box between",
            ha="center", va="bottom", fontsize=font)
    return fig


def gradcheck_figure(errors, threshold):
    """errors: {backward's name: {"dW1": e, ...}} -> grouped bars on a log scale."""
    fig = _figure(PAGE_WIDTH, 4.4)
    ax = fig.add_subplot()
    names = list(errors)
    keys = ["dW1", "db1", "dW2", "db2"]
    width = 0.8 / len(names)
    for k, name in enumerate(names):
        values = [max(errors[name][key], 1e-17) for key in keys]
        ax.bar(np.arange(4) + (k - (len(names) - 1) / 2) * width, values, width, label=name)
    ax.set_yscale("log")
    ax.axhline(threshold, color="C3", ls="--", lw=1)
    ax.annotate(f"threshold\n{threshold:g}", (1, threshold), xycoords=("axes fraction", "data"),
                xytext=(4, 0), textcoords="offset points", color="C3", fontsize=SMALLEST_FONT, va="center")
    ax.set_xticks(range(4), keys)
    ax.set_xlabel("gradient")
    ax.set_ylabel("relative error vs\nthe numerical gradient")
    ax.set_title("A right backward sits far below the threshold, wrong ones far above", fontsize=10)
    ax.legend(fontsize=SMALLEST_FONT, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1)
    ax.grid(alpha=0.3, axis="y")
    return fig


# --- lesson 5 ---------------------------------------------------------------------------------

def descent_figure(grid_a, grid_b, losses, paths, names):
    """Contours of the loss over two weights, the paths of gradient descent on them, and the
    lowest point of the grid; below, the same around the start, where the small steps are."""
    fig = _figure(PAGE_WIDTH, 8.6)
    whole, near = fig.subplots(2, 1)
    losses = np.asarray(losses)
    lowest = np.unravel_index(np.argmin(losses), losses.shape)
    minimum = (grid_a[lowest[1]], grid_b[lowest[0]])
    start = np.asarray(next(iter(paths.values())))[0]
    styles = {"C0": {"lw": 0.9, "ms": 3, "alpha": 0.8, "zorder": 2},  # the largest rate: drawn first, thin
              "C1": {"lw": 1.6, "ms": 4, "zorder": 3},
              "C3": {"lw": 2.0, "ms": 5, "zorder": 4}}
    at_edge = lowest[0] in (0, len(grid_b) - 1) or lowest[1] in (0, len(grid_a) - 1)
    levels = np.quantile(losses, np.linspace(0, 1, 13))  # equal areas: detail where the loss is low
    for ax, zoom in ((whole, False), (near, True)):
        filled = ax.contourf(grid_a, grid_b, losses, levels=levels, cmap="Greys", alpha=0.55)
        ax.contour(grid_a, grid_b, losses, levels=levels, colors="0.45", linewidths=0.5)
        if not zoom:
            fig.colorbar(filled, ax=ax, format="%.2f").set_label("mean loss (200 digits)")
        for (label, path), colour in zip(reversed(list(paths.items())), ("C0", "C1", "C3")):
            path = np.asarray(path)
            ax.plot(path[:, 0], path[:, 1], "o-", color=colour, label=label, **styles[colour])
        ax.plot(*start, "k*", ms=13, label="start", zorder=5)
        ax.plot(*minimum, "X", color="white", mec="black", ms=11, zorder=5,
                label="lowest loss on this grid" + (",\nat its edge: the valley goes on" if at_edge else ""))
        ax.set_xlabel(names[0])
        ax.set_ylabel(names[1])
        if zoom:  # the two smaller rates' paths, with room around them
            small = np.concatenate([np.asarray(p) for p in list(paths.values())[:2]])
            pad = 0.25 * max(np.ptp(small[:, 0]), np.ptp(small[:, 1]), 0.4)
            ax.set_xlim(small[:, 0].min() - pad, small[:, 0].max() + pad)
            ax.set_ylim(small[:, 1].min() - pad, small[:, 1].max() + pad)
            ax.set_title("Around the start: the two smaller rates", fontsize=10)
            ax.legend(fontsize=SMALLEST_FONT, loc="upper left", framealpha=0.95)
        else:
            ax.set_title("Gradient descent on a slice of the real loss\n(two weights move, the rest stay fixed)",
                         fontsize=10)
            ax.set_xlim(min(grid_a[0], ax.get_xlim()[0]), grid_a[-1])
    return fig


# --- lesson 6 ---------------------------------------------------------------------------------

def sweep_figure(sweep):
    """sweep: list of {"batch_size", "lr", "losses", "accuracy"} -> one panel per batch size."""
    sizes = sorted({run["batch_size"] for run in sweep})
    fig = _figure(PAGE_WIDTH, 4.8)
    axes = fig.subplots(1, len(sizes), sharey=True)
    for ax, size in zip(np.atleast_1d(axes), sizes):
        for k, run in enumerate(r for r in sweep if r["batch_size"] == size):
            epochs = np.arange(1, len(run["losses"]) + 1)
            ax.plot(epochs, run["losses"], color=f"C{k}",
                    label=f"lr {run['lr']:g}: {100 * run['accuracy']:.1f}%")
        ax.set_yscale("log")
        steps = math.ceil(run["n_train"] / size)
        ax.set_title(f"batch size {size}\n({steps} step{'s' if steps > 1 else ''} per epoch)", fontsize=10)
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3, which="both")
        ax.legend(fontsize=SMALLEST_FONT, title="test accuracy", title_fontsize=SMALLEST_FONT,
                  loc="upper center", bbox_to_anchor=(0.5, -0.2))  # below: the curves fill the panel
    np.atleast_1d(axes)[0].set_ylabel("mean training loss")
    return fig


# --- lesson 7 ---------------------------------------------------------------------------------

def weights_figure(W1, columns=8):
    """Each row of W1 (one hidden unit's 784 weights) as a 28x28 image, red > 0, blue < 0."""
    rows = math.ceil(W1.shape[0] / columns)
    cell = PAGE_WIDTH / columns
    fig = _figure(PAGE_WIDTH, rows * (cell + 0.2) + 0.6)
    axes = fig.subplots(rows, columns)
    for k, ax in enumerate(np.ravel(axes)):
        ax.set_axis_off()
        if k < W1.shape[0]:
            limit = float(np.abs(W1[k]).max())
            ax.imshow(W1[k].reshape(28, 28), cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest")
            ax.set_title(f"unit {k}", fontsize=SMALLEST_FONT, pad=2)
    fig.suptitle("What each hidden unit looks for: its 784 trained weights as an image\n"
                 "(red: ink there raises z, blue: lowers it)", fontsize=10)
    return fig


def misclassified_figure(X_test, y_true, probabilities, classes=(4, 5), columns=4):
    """Every misclassified test image, large, with the true digit and the network's probability
    (at most `columns` a row, so that the figure fits the page)."""
    y = np.ravel(y_true)
    p = np.ravel(probabilities)
    wrong = np.flatnonzero((p >= 0.5) != (y == 1))
    count = max(len(wrong), 1)
    per_row = min(count, columns)
    rows = math.ceil(count / per_row)
    fig = _figure(min(PAGE_WIDTH, 1.7 * per_row + 0.2), 2.1 * rows + 0.1)
    axes = np.atleast_1d(fig.subplots(rows, per_row)).ravel()
    for ax in axes:
        ax.set_axis_off()
    for ax, i in zip(axes, wrong):
        ax.imshow(X_test[:, i].reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        true = classes[1] if y[i] == 1 else classes[0]
        ax.set_title(f"test image {i}: a {true}\np({classes[1]}) = {p[i]:.3f}", fontsize=SMALLEST_FONT, color="red")
    if not len(wrong):
        fig.suptitle("no misclassified test image")
    return fig


def interval_figure(results):
    """results: [(label, correct, n)] -> 95% Wilson intervals as error bars, each labelled above."""
    fig = _figure(PAGE_WIDTH, 1.1 + 0.75 * len(results))
    ax = fig.add_subplot()
    for k, (label, correct, n) in enumerate(results):
        low, high = wilson(correct, n)
        y = len(results) - 1 - k
        ax.errorbar(100 * correct / n, y, xerr=[[100 * (correct / n - low)], [100 * (high - correct / n)]],
                    fmt="o", capsize=4)
        ax.text(90.2, y + 0.22, f"{label}: {correct}/{n} = {100 * correct / n:.1f}%, "
                f"95% interval {100 * low:.1f}% to {100 * high:.1f}%", va="bottom", fontsize=SMALLEST_FONT)
    ax.set_yticks([])
    ax.set_ylim(-0.5, len(results) - 0.1)
    ax.set_xlim(90, 101)
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
    fig = _figure(PAGE_WIDTH, 3.0)
    ax = fig.add_subplot()
    values = 100 * np.asarray(accuracies)
    ax.hist(values, bins=np.arange(94.75, 100.76, 0.5), rwidth=0.85)
    ax.set_xlabel("test accuracy (%) on 200 test images")
    ax.set_ylabel("splits")
    ax.set_title(f"{len(values)} different 80/20 splits, {label}:\nmean {values.mean():.1f}%, "
                 f"from {values.min():.1f}% to {values.max():.1f}%", fontsize=10)
    ax.grid(alpha=0.3, axis="y")
    return fig


def pairs_figure(pairs):
    """pairs: [{"classes": [a, b], "accuracy": x, "errors": k, "n_test": n}] -> bars with intervals."""
    fig = _figure(PAGE_WIDTH, 3.2)
    ax = fig.add_subplot()
    labels = [f"{p['classes'][0]} vs {p['classes'][1]}" for p in pairs]
    for k, p in enumerate(pairs):
        correct = p["n_test"] - p["errors"]
        low, high = wilson(correct, p["n_test"])
        ax.errorbar(k, 100 * p["accuracy"], yerr=[[100 * (p["accuracy"] - low)], [100 * (high - p["accuracy"])]],
                    fmt="o", capsize=5)
        ax.text(k + 0.08, 100 * p["accuracy"], f"{100 * p['accuracy']:.1f}%", va="center", fontsize=SMALLEST_FONT)
    ax.set_xticks(range(len(pairs)), labels)
    ax.set_xlabel("digits (class 0 vs class 1)")
    ax.set_xlim(-0.5, len(pairs) - 0.3)
    ax.set_ylabel("test accuracy (%), 95% interval")
    ax.set_title("The same network and settings on other pairs of digits\n(200 test images each)", fontsize=10)
    ax.grid(alpha=0.3, axis="y")
    return fig
