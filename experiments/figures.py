"""The experiment's three figures, as PNG files (matplotlib, Agg: no display needed).

`save_figures(result, out_dir)` takes the dict of `run()` (lesson 7) and writes

    loss.png          the mean training loss after each epoch
    confusion.png     the confusion matrix (rows true, columns predicted) as an image
    test_digits.png   test images with true label, prediction and probability,
                      the misclassified ones first (red titles)

The figures are drawn on `matplotlib.figure.Figure` objects, not pyplot, so nothing
global changes and no window ever opens.
"""

import json
from pathlib import Path

import numpy as np

FILENAMES = ("loss.png", "confusion.png", "test_digits.png")
GRID_COLUMNS, GRID_ROWS = 8, 5  # test_digits.png shows at most 40 digits
DPI = 100
# The pages' text column is 688 px wide in a 1280 px window (Material, both sidebars): a figure at
# most PAGE_WIDTH inches wide is shown at its own size there, so a SMALLEST_FONT text is
# SMALLEST_FONT * DPI / 72 = 12.5 px on screen. tests/test_docs.py measures it in Chromium.
PAGE_WIDTH = 6.8
SMALLEST_FONT = 9
TEXT_REPORT = "Texts"  # the PNG text chunk with text_report()'s JSON


def _figure(width, height):
    """A page figure (`PageFigure`) of width x height inches at DPI, laid out by matplotlib."""
    return _page_figure_class()(figsize=(width, height), dpi=DPI, layout="constrained")


def _page_figure_class():
    # Imported here: matplotlib takes a noticeable time to import, and the
    # command line only needs it once training is over.
    from matplotlib.figure import Figure

    class PageFigure(Figure):
        """A Figure whose PNG carries text_report() as the text chunk TEXT_REPORT, so a test can
        measure, from the built site alone, how large its smallest text is on screen."""

        def savefig(self, fname, **kwargs):
            if str(kwargs.get("format") or Path(str(fname)).suffix.lstrip(".")).lower() == "png":
                kwargs["metadata"] = {**(kwargs.get("metadata") or {}), TEXT_REPORT: json.dumps(text_report(self))}
            return super().savefig(fname, **kwargs)

    return PageFigure


def text_report(fig):
    """What a reader can read of `fig`, drawn at its own size.

    Returns {"width_px", "smallest_px": the smallest font size in pixels of the image,
    "smallest": that text, "overlaps": pairs of texts whose boxes overlap, "outside": texts
    cut by the figure's edge, "unlabelled": axes with tick labels but no axis label}.
    Only texts that are drawn count: visible, not empty, tick labels inside the view.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    texts, unlabelled = list(fig.texts), []
    if getattr(fig, "_suptitle", None) is not None:
        texts.append(fig._suptitle)
    for legend in fig.legends:
        texts += legend.get_texts()
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        if ax.get_legend() is not None:
            texts += [*ax.get_legend().get_texts(), ax.get_legend().get_title()]
        texts += [child for child in ax.get_children() if child not in texts and type(child).__name__ == "Text"]
        if not ax.axison:
            continue
        for axis, name in ((ax.xaxis, "x"), (ax.yaxis, "y")):
            ticks = axis._update_ticks()  # the ticks inside the view (what the next draw shows)
            labels = [tick.label1 for tick in ticks if tick.label1.get_visible()]
            labels += [tick.label2 for tick in ticks if tick.label2.get_visible()]
            labels = [label for label in labels if label.get_text().strip()]
            texts += labels + [axis.label]
            if labels and not axis.label.get_text().strip():
                unlabelled.append(f"{ax.get_title() or 'a panel'}: {name} axis")
    shown = []
    for text in texts:
        if text.get_visible() and text.get_text().strip() and text not in (item[0] for item in shown):
            shown.append((text, text.get_window_extent(renderer)))
    width, height = fig.bbox.width, fig.bbox.height
    overlaps = [[a.get_text(), b.get_text()] for i, (a, box_a) in enumerate(shown) for b, box_b in shown[i + 1:]
                if min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0) > 1
                and min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0) > 1]
    outside = [text.get_text() for text, box in shown
               if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1]
    smallest = min(shown, key=lambda item: item[0].get_fontsize(), default=None)
    return {"width_px": width,
            "smallest_px": smallest[0].get_fontsize() * fig.dpi / 72 if smallest else None,
            "smallest": smallest[0].get_text() if smallest else None,
            "overlaps": overlaps, "outside": outside, "unlabelled": unlabelled}


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
    fig.colorbar(image, ax=ax, shrink=0.8).set_label("test images")
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
    """A grid of test digits titled '4 said 5 / p(5)=0.73' (the true digit, then the network's
    answer), errors first in red.

    The digits are pasted into one mosaic image on a single axes: forty separate
    axes would take matplotlib seconds to lay out.
    """
    order = grid_order(y_true, y_pred, probabilities)[:GRID_COLUMNS * GRID_ROWS]
    rows = max(1, -(-len(order) // GRID_COLUMNS))
    y_true, y_pred, p = np.ravel(y_true), np.ravel(y_pred), np.ravel(probabilities)
    negative, positive = classes
    # each cell: a 28x28 digit with a band above it for the two title lines (SMALLEST_FONT each)
    gap, band = 8, 20
    cell_w, cell_h = 28 + gap, 28 + band
    mosaic = np.full((rows * cell_h, GRID_COLUMNS * cell_w), np.nan)
    fig = _figure(PAGE_WIDTH, rows * PAGE_WIDTH / GRID_COLUMNS * cell_h / cell_w + 0.4)
    ax = fig.add_subplot()
    for k, i in enumerate(order):
        top, left = (k // GRID_COLUMNS) * cell_h + band, (k % GRID_COLUMNS) * cell_w + gap // 2
        mosaic[top:top + 28, left:left + 28] = X_test[:, i].reshape(28, 28)
        true = positive if y_true[i] == 1 else negative
        said = positive if y_pred[i] == 1 else negative
        ax.text(left + 14, top - 1, f"{true} said {said}\np({positive})={p[i]:.2f}",
                ha="center", va="bottom", fontsize=SMALLEST_FONT, linespacing=1.0,
                color="black" if true == said else "red")
    ax.imshow(mosaic, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    ax.set_axis_off()
    n_wrong = int(np.sum(y_true != y_pred))
    fig.suptitle(f"Test digits: the true digit, what the network said, and p({positive})\n"
                 + (f"the {n_wrong} misclassified first (red)" if n_wrong else "none misclassified"), fontsize=11)
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
