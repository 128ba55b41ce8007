"""The experiment's three figures, as PNG files (matplotlib, Agg: no display needed).

`save_figures(result, out_dir)` takes the dict of `run()` (lesson 7) and writes

    loss.png          the mean training loss after each epoch
    confusion.png     the confusion matrix (rows true, columns predicted) as an image
    test_digits.png   test images with true label, prediction and probability,
                      the misclassified ones first (red titles)

The figures are drawn on `matplotlib.figure.Figure` objects, not pyplot, so nothing
global changes and no window ever opens.
"""

from pathlib import Path

import numpy as np

FILENAMES = ("loss.png", "confusion.png", "test_digits.png")
GRID_COLUMNS, GRID_ROWS = 8, 5  # test_digits.png shows at most 40 digits
DPI = 100


def _figure(width, height):
    # Imported here: matplotlib takes a noticeable time to import, and the
    # command line only needs it once training is over.
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def loss_figure(losses):
    """The training loss per epoch (log scale: it falls by orders of magnitude)."""
    fig = _figure(6, 4)
    ax = fig.add_subplot()
    epochs = np.arange(1, len(losses) + 1)
    ax.plot(epochs, losses, marker="o" if len(losses) <= 20 else None, markersize=3)
    if len(losses) and min(losses) > 0:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("mean training loss (binary cross-entropy)")
    ax.set_title("Training loss after each epoch")
    ax.grid(True, which="both", alpha=0.3)
    return fig


def confusion_figure(matrix, classes=(4, 5)):
    """The 2x2 matrix of counts, rows the true digit, columns the predicted one."""
    matrix = np.asarray(matrix)
    fig = _figure(4, 3.6)
    ax = fig.add_subplot()
    image = ax.imshow(matrix, cmap="Blues", vmin=0)
    fig.colorbar(image, ax=ax, shrink=0.8)
    ticks = [str(c) for c in classes]
    ax.set_xticks([0, 1], ticks)
    ax.set_yticks([0, 1], ticks)
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    ax.set_title(f"Test set: {int(matrix.trace())} of {int(matrix.sum())} right")
    threshold = matrix.max() / 2 if matrix.size else 0
    for (row, col), count in np.ndenumerate(matrix):
        ax.text(col, row, str(count), ha="center", va="center", fontsize=16,
                color="white" if count > threshold else "black")
    return fig


def grid_order(y_true, y_pred, probabilities):
    """Indices of the test examples for the grid: the misclassified ones first,
    the most confidently wrong at the very start, then the others in test order."""
    y_true, y_pred = np.ravel(y_true), np.ravel(y_pred)
    p = np.ravel(probabilities)
    wrong = np.flatnonzero(y_true != y_pred)
    # confidence in the wrong answer: distance of the probability from 0.5
    wrong = wrong[np.argsort(-np.abs(p[wrong] - 0.5), kind="stable")]
    right = np.flatnonzero(y_true == y_pred)
    return np.concatenate([wrong, right]).astype(int)


def digits_figure(X_test, y_true, y_pred, probabilities, classes=(4, 5)):
    """A grid of test digits titled 'true 4 said 5 / p(5)=0.73', errors first in red.

    The digits are pasted into one mosaic image on a single axes: forty separate
    axes would take matplotlib seconds to lay out.
    """
    order = grid_order(y_true, y_pred, probabilities)[:GRID_COLUMNS * GRID_ROWS]
    rows = max(1, -(-len(order) // GRID_COLUMNS))
    y_true, y_pred, p = np.ravel(y_true), np.ravel(y_pred), np.ravel(probabilities)
    negative, positive = classes
    # each cell: a 28x28 digit with a 16-pixel band above it for the two title lines
    gap, band = 8, 16
    cell_w, cell_h = 28 + gap, 28 + band
    mosaic = np.full((rows * cell_h, GRID_COLUMNS * cell_w), np.nan)
    fig = _figure(GRID_COLUMNS * 1.3, rows * 1.3 * cell_h / cell_w + 0.4)
    ax = fig.add_subplot()
    for k, i in enumerate(order):
        top, left = (k // GRID_COLUMNS) * cell_h + band, (k % GRID_COLUMNS) * cell_w + gap // 2
        mosaic[top:top + 28, left:left + 28] = X_test[:, i].reshape(28, 28)
        true = positive if y_true[i] == 1 else negative
        said = positive if y_pred[i] == 1 else negative
        ax.text(left + 14, top - 1, f"true {true} said {said}\np({positive})={p[i]:.2f}",
                ha="center", va="bottom", fontsize=8,
                color="black" if true == said else "red")
    ax.imshow(mosaic, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    ax.set_axis_off()
    n_wrong = int(np.sum(y_true != y_pred))
    fig.suptitle(f"Test digits, the {n_wrong} misclassified first (red)" if n_wrong
                 else "Test digits (none misclassified)")
    return fig


def save_figures(result, out_dir, classes=(4, 5)):
    """Write the three PNGs of `run()`'s result dict into out_dir; return their paths.

    Args:
        result: the dict of lesson 7's run(): uses "losses", "confusion_matrix",
            "X_test", "Y_test", "Y_pred" and "test_probabilities".
        out_dir: the folder (created if missing).
        classes: (negative, positive) digit labels for the titles.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    figures = (
        loss_figure(result["losses"]),
        confusion_figure(result["confusion_matrix"], classes),
        digits_figure(result["X_test"], result["Y_test"], result["Y_pred"],
                      result["test_probabilities"], classes),
    )
    paths = []
    for fig, name in zip(figures, FILENAMES):
        fig.savefig(out / name, format="png")
        paths.append(out / name)
    return paths
