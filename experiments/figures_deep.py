"""Figures of "Going further" (lessons 8-10), drawn from real runs of the reference code.

    comparison figures (lesson 10's command line and page), from `compare()`'s result:
        compare_val_accuracy.png   validation accuracy per epoch and per second of training, both networks
        compare_loss.png           training loss per epoch, both networks
    page figures (built by the docs hook):
        gradient_per_layer.png     size of each layer's weight gradient at initialisation, on real digits:
                                   sigmoid layers vs ReLU layers, lesson 2's scale vs He's
        activation_per_layer.png   spread of each layer's pre-activations at initialisation
        optimizer_paths.png        SGD, momentum, RMSProp and Adam on a 2-D loss surface
        bias_correction.png        Adam's first moving average with and without its correction

Everything is drawn on `matplotlib.figure.Figure` objects (Agg), never pyplot.
`python -m experiments.figures_deep FOLDER` makes the page figures and their numbers (FOLDER/figures/*.png,
FOLDER/numbers.json) with the reference solutions; the docs hook docs/hooks/figures_deep.py runs it.
"""

from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .figures import SMALLEST_FONT, PAGE_WIDTH, _figure

COMPARISON_FILENAMES = ("compare_val_accuracy.png", "compare_loss.png")
COLORS = {"seed": "tab:blue", "deep": "tab:orange"}
DEPTH = 8  # hidden layers of the deep networks whose gradients are measured at initialisation
WIDTH = 64


# --- lesson 10: the comparison ---------------------------------------------------------------

def _label(result, key):
    run = result[key]
    return f"{'seed' if key == 'seed' else 'deeper'}: {run['name']}"


def val_accuracy_figure(result):
    """Validation accuracy after each epoch, against the epoch and against the training time."""
    fig = _figure(PAGE_WIDTH, 6.4)
    by_epoch, by_time = fig.subplots(2, 1)
    for key in ("seed", "deep"):
        values = np.asarray(result[key]["history"]["val_accuracy"]) * 100
        epochs = np.arange(1, len(values) + 1)
        seconds = epochs * result[key]["train_seconds"] / max(len(values), 1)
        by_epoch.plot(epochs, values, color=COLORS[key], marker="o", markersize=2, label=_label(result, key))
        by_time.plot(seconds, values, color=COLORS[key], marker="o", markersize=2, label=_label(result, key))
    for ax in (by_epoch, by_time):
        ax.axhline(100 * result["target"], color="gray", linestyle="--", linewidth=1)
        ax.grid(True, alpha=0.3)
        ax.set_ylim(max(80, ax.get_ylim()[0]), 100.5)
    by_epoch.set_xlabel("epoch")
    by_time.set_xlabel("training time (s), epochs spread evenly")
    for ax in (by_epoch, by_time):
        ax.set_ylabel(f"validation accuracy (%),\n{result['n_val']} images")
    by_epoch.legend(loc="lower right", fontsize=SMALLEST_FONT)
    by_epoch.set_title("Per epoch")
    by_time.set_title("Per second of training")
    return fig


def loss_comparison_figure(result):
    """The mean training loss after each epoch, both networks (log scale)."""
    fig = _figure(PAGE_WIDTH * 0.9, 4)
    ax = fig.add_subplot()
    for key in ("seed", "deep"):
        losses = result[key]["history"]["loss"]
        ax.plot(np.arange(1, len(losses) + 1), losses, color=COLORS[key], label=_label(result, key))
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("mean training loss (binary cross-entropy)")
    ax.set_title("Training loss after each epoch")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=SMALLEST_FONT)
    return fig


def save_comparison_figures(result, out_dir):
    """Write the two PNGs of `compare()`'s result into out_dir; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for fig, name in zip((val_accuracy_figure(result), loss_comparison_figure(result)), COMPARISON_FILENAMES):
        fig.savefig(out / name, format="png")
        paths.append(out / name)
    return paths


# --- lesson 8: gradients and activations at initialisation ----------------------------------

@contextmanager
def _hidden_units(hidden):
    """The reference's lesson 8 with `hidden` units ("relu" or "sigmoid") in its hidden layers.

    The page compares sigmoid and ReLU hidden layers; the reference has ReLU only, so for
    "sigmoid" its relu and relu_prime are swapped for lesson 1's sigmoid and its slope while
    the block runs. The figures are drawn from the reference's own code, never from a copy.
    """
    from solutions import lesson01_sigmoid, lesson08_deep

    saved = lesson08_deep.relu, lesson08_deep.relu_prime
    if hidden == "sigmoid":
        lesson08_deep.relu, lesson08_deep.relu_prime = lesson01_sigmoid.sigmoid, lesson01_sigmoid.sigmoid_prime
    try:
        yield lesson08_deep
    finally:
        lesson08_deep.relu, lesson08_deep.relu_prime = saved


def _scaled_init(deep, sizes, seed, hidden_gain):
    """The reference's init_deep (He's scale 2/fan_in in the hidden layers), rescaled to `hidden_gain`/fan_in."""
    scaled = deep.init_deep(sizes, seed)
    for l in range(1, len(sizes) - 1):  # the hidden layers; the output layer keeps 1/fan_in
        scaled[f"W{l}"] = scaled[f"W{l}"] * np.sqrt(hidden_gain / 2.0)
    return scaled


SETUPS = {  # name: (hidden activation, variance gain of the hidden layers)
    "sigmoid, lesson 2's scale 1/fan_in": ("sigmoid", 1.0),
    "ReLU, lesson 2's scale 1/fan_in": ("relu", 1.0),
    "ReLU, He's scale": ("relu", 2.0),  # its formula is the lesson's "Your turn", not a legend's
}


def init_statistics(X, Y, *, depth=DEPTH, width=WIDTH, seeds=range(5)):
    """For each setup: the RMS of each layer's weight gradient and the std of each layer's
    pre-activations at initialisation, averaged over `seeds` (a real run on X, Y)."""
    sizes = [X.shape[0]] + [width] * depth + [1]
    stats = {}
    for name, (hidden, gain) in SETUPS.items():
        grad_rms, z_std = [], []
        with _hidden_units(hidden) as deep:
            for seed in seeds:
                params = _scaled_init(deep, sizes, seed, gain)
                _, cache = deep.forward_deep(X, params)
                grads = deep.backward_deep(Y, params, cache)
                layers = range(1, len(sizes))
                grad_rms.append([float(np.sqrt(np.mean(grads[f"dW{l}"] ** 2))) for l in layers])
                z_std.append([float(np.std(cache[f"Z{l}"])) for l in layers])
        stats[name] = {"grad_rms": np.mean(grad_rms, axis=0).tolist(), "z_std": np.mean(z_std, axis=0).tolist()}
    return {"sizes": sizes, "setups": stats, "m": int(X.shape[1])}


def gradient_figure(stats):
    """The size of dW_l for every layer l, at initialisation (log scale)."""
    fig = _figure(PAGE_WIDTH, 4)
    ax = fig.add_subplot()
    for name, values in stats["setups"].items():
        layers = np.arange(1, len(values["grad_rms"]) + 1)
        ax.plot(layers, values["grad_rms"], marker="o", label=name)
    ax.set_yscale("log")
    ax.set_xlabel("layer l (1 = first hidden layer, last = output)")
    ax.set_ylabel("root mean square of dW_l")
    sizes = stats["sizes"]
    ax.set_title(f"Gradient size per layer at initialisation:\n{sizes[0]}-{sizes[1]}x{len(sizes) - 2}-1, "
                 f"{stats['m']} real digits", fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=SMALLEST_FONT)
    return fig


def activation_figure(stats):
    """The spread (standard deviation) of each layer's pre-activations Z_l at initialisation."""
    fig = _figure(PAGE_WIDTH, 4)
    ax = fig.add_subplot()
    for name, values in stats["setups"].items():
        layers = np.arange(1, len(values["z_std"]) + 1)
        ax.plot(layers, values["z_std"], marker="o", label=name)
    ax.set_yscale("log")
    ax.set_xlabel("layer l")
    ax.set_ylabel("standard deviation of Z_l")
    ax.set_title("Size of the signal per layer at initialisation", fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=SMALLEST_FONT)
    return fig


# --- lesson 9: optimizers on a 2-D loss surface --------------------------------------------

def surface(w):
    """A long, narrow, tilted valley: steep across (a), shallow along (b). Minimum at (1, 1)."""
    a, b = w[0] - 1.0, w[1] - 1.0
    u, v = (a + b) / np.sqrt(2), (a - b) / np.sqrt(2)
    return 0.5 * (u ** 2 * 0.2 + v ** 2 * 20.0)


def surface_gradient(w):
    a, b = w[0] - 1.0, w[1] - 1.0
    u, v = (a + b) / np.sqrt(2), (a - b) / np.sqrt(2)
    du, dv = 0.2 * u, 20.0 * v
    return np.array([(du + dv) / np.sqrt(2), (du - dv) / np.sqrt(2)])


OPTIMIZER_RUNS = {  # method: learning rate (each about the largest that stays stable on this surface)
    "sgd": 0.09, "momentum": 0.3, "rmsprop": 0.05, "adam": 0.2,
}
START = (-1.5, 0.0)
STEPS = 60


def optimizer_paths(step, init_state, start=START, steps=STEPS):
    """{method: array (steps + 1, 2)} of the reference `step` (lesson 9) from `start` on `surface`."""
    paths = {}
    for method, lr in OPTIMIZER_RUNS.items():
        params = {"w": np.array(start, dtype=np.float64).reshape(2, 1)}
        state = init_state(params)  # t = 0, v = s = 0
        path = [params["w"].ravel().copy()]
        for _ in range(steps):
            grads = {"dw": surface_gradient(params["w"].ravel()).reshape(2, 1)}
            params, state = step(params, grads, state, method=method, lr=lr)
            path.append(params["w"].ravel().copy())
        paths[method] = np.array(path)
    return paths


def optimizer_figure(paths):
    """The paths over the contour lines of the surface, and the loss along each path."""
    fig = _figure(PAGE_WIDTH, 9)
    ax, losses = fig.subplots(2, 1, height_ratios=[1.5, 1])
    x = np.linspace(-2, 2.5, 200)
    y = np.linspace(-1.6, 2.5, 200)
    XX, YY = np.meshgrid(x, y)
    ZZ = surface(np.array([XX, YY]))
    ax.contour(XX, YY, ZZ, levels=np.geomspace(0.01, 60, 14), colors="lightgray", linewidths=0.8)
    for method, path in paths.items():
        lr = OPTIMIZER_RUNS[method]
        ax.plot(path[:, 0], path[:, 1], marker="o", markersize=2, linewidth=1, label=f"{method}, lr {lr:g}")
        losses.plot(np.arange(len(path)), [surface(p) for p in path], label=method)
    ax.plot([1], [1], marker="*", color="black", markersize=12, linestyle="none", label="minimum")
    ax.plot([START[0]], [START[1]], marker="s", color="black", markersize=6, linestyle="none", label="start")
    ax.set_xlim(x[0], x[-1])
    ax.set_ylim(y[0], y[-1])
    ax.set_aspect("equal")
    ax.set_xlabel("w1")
    ax.set_ylabel("w2")
    ax.set_title(f"{STEPS} steps on a narrow valley", fontsize=10)
    ax.legend(fontsize=SMALLEST_FONT, loc="upper left")
    losses.set_yscale("log")
    losses.set_xlabel("step")
    losses.set_ylabel("loss")
    losses.set_title("Loss along each path", fontsize=10)
    losses.grid(True, which="both", alpha=0.3)
    losses.legend(fontsize=SMALLEST_FONT)
    return fig


def bias_correction_figure(beta1=0.9, steps=30, gradient=1.0):
    """v_t for a constant gradient: the raw average starts far too small, the corrected one does not."""
    t = np.arange(1, steps + 1)
    v = (1 - beta1 ** t) * gradient  # the moving average of a constant gradient, from v_0 = 0
    fig = _figure(PAGE_WIDTH * 0.9, 3.6)
    ax = fig.add_subplot()
    ax.plot(t, v, marker="o", markersize=3, label="v_t, the raw moving average")
    ax.plot(t, v / (1 - beta1 ** t), marker="o", markersize=3, label="v_t / (1 - beta1^t), corrected")
    ax.axhline(gradient, color="gray", linestyle="--", linewidth=1, label="the gradient (constant)")
    ax.set_xlabel("step t")
    ax.set_ylabel("value")
    ax.set_ylim(0, 1.15 * gradient)
    ax.set_title(f"A constant gradient {gradient:g}, beta1 = {beta1}", fontsize=10)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=SMALLEST_FONT, loc="lower right")
    return fig


# --- the pages' figures and numbers, in one run ----------------------------------------------

def site_numbers(result, stats, paths):
    """The numbers the pages quote as {{ deep.name }}."""
    numbers = {"n_train": result["n_train"], "n_val": result["n_val"], "n_test": result["n_test"],
               "target": f"{100 * result['target']:.1f}%"}
    for key in ("seed", "deep"):
        run = result[key]
        (tn, fp), (fn, tp) = run["confusion_matrix"].tolist()
        epochs = len(run["history"]["loss"])
        numbers.update({
            f"{key}_accuracy": f"{100 * run['accuracy']:.1f}%", f"{key}_right": tn + tp, f"{key}_errors": fp + fn,
            f"{key}_confusion": str(run["confusion_matrix"].tolist()), f"{key}_seconds": f"{run['train_seconds']:.2f}",
            f"{key}_first_epoch": str(run["first_epoch_at_target"]), f"{key}_epochs": epochs,
            f"{key}_final_loss": f"{run['history']['loss'][-1]:.4f}",
            f"{key}_final_val": f"{100 * run['history']['val_accuracy'][-1]:.1f}%",
            f"{key}_best_val": f"{100 * max(run['history']['val_accuracy']):.1f}%",
            f"{key}_seconds_per_epoch": f"{run['train_seconds'] / epochs:.3f}",
            f"{key}_seconds_to_target": "never" if run["first_epoch_at_target"] is None else
            f"{run['first_epoch_at_target'] * run['train_seconds'] / epochs:.2f} s",
        })
    numbers["speedup"] = f"{result['seed']['train_seconds'] / result['deep']['train_seconds']:.0f}"
    names = list(SETUPS)
    sig, relu, he = (stats["setups"][name]["grad_rms"] for name in names)
    numbers.update({
        "depth": len(stats["sizes"]) - 2, "width": stats["sizes"][1], "init_m": stats["m"],
        "sigmoid_first_grad": f"{sig[0]:.1e}", "sigmoid_last_hidden_grad": f"{sig[-2]:.1e}",
        "sigmoid_ratio": f"{sig[-2] / sig[0]:,.0f}",
        "relu_lecun_first_grad": f"{relu[0]:.1e}", "relu_he_first_grad": f"{he[0]:.1e}",
        "relu_lecun_ratio": f"{relu[-2] / relu[0]:.1f}", "relu_he_ratio": f"{he[-2] / he[0]:.1f}",
        "relu_lecun_first_z": f"{stats['setups'][names[1]]['z_std'][0]:.2f}",
        "relu_lecun_last_z": f"{stats['setups'][names[1]]['z_std'][-2]:.3f}",
        "relu_he_first_z": f"{stats['setups'][names[2]]['z_std'][0]:.2f}",
        "relu_he_last_z": f"{stats['setups'][names[2]]['z_std'][-2]:.2f}",
        "optimizer_steps": STEPS,
    })
    for method, path in paths.items():
        numbers[f"{method}_final_loss"] = f"{surface(path[-1]):.2g}"
        numbers[f"{method}_lr"] = f"{OPTIMIZER_RUNS[method]:g}"
    return numbers


def build_site_figures(folder):
    """The reference runs of the three pages: figures in folder/figures, numbers in folder/numbers.json."""
    import json

    from solutions.lesson07_classifier import preprocess, train_test_split
    from solutions.lesson09_optimizers import init_state, step
    from solutions.lesson10_deeper import compare

    from digits import load_digits

    folder = Path(folder)
    result = compare(seed=0)
    data = load_digits()
    X, Y = preprocess(data.images, data.labels, (4, 5))
    X_train, Y_train, _, _ = train_test_split(X, Y, 0.2, seed=0)
    stats = init_statistics(X_train[:, :400], Y_train[:, :400])
    paths = optimizer_paths(step, init_state)
    out = folder / "figures"
    save_comparison_figures(result, out)
    for name, fig in (("gradient_per_layer.png", gradient_figure(stats)),
                      ("activation_per_layer.png", activation_figure(stats)),
                      ("optimizer_paths.png", optimizer_figure(paths)),
                      ("bias_correction.png", bias_correction_figure())):
        fig.savefig(out / name, format="png")
    (folder / "numbers.json").write_text(json.dumps(site_numbers(result, stats, paths), indent=1))


if __name__ == "__main__":
    import sys

    build_site_figures(sys.argv[1])
