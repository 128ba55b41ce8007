"""Lesson 7: the 4-vs-5 classifier, from raw images to test accuracy.

Run the whole experiment with `python -m lessons.lesson07_classifier` (your code)
or `python -m solutions.lesson07_classifier` (the reference); `--help` lists options.
"""

import time

import numpy as np

from digits import load_digits

from .lesson02_forward import forward
from .lesson06_train import train


def preprocess(images, labels, classes=(4, 5)):
    """Keep the two digits of `classes` and turn them into network inputs.

    Args:
        images: uint8 array (N, 28, 28), pixel values 0..255.
        labels: int array (N,), the digit of each image.
        classes: (negative, positive): images of classes[0] get label 0.0,
            images of classes[1] get label 1.0; all other images are dropped.

    Returns:
        X: float64 (784, m), one flattened image per column, scaled to [0, 1]
           (divide by 255); pixel (row r, column c) is X[28 * r + c].
        Y: float64 (1, m), 0.0 or 1.0.
        The kept images stay in their original order.
    """
    ### BEGIN SOLUTION
    keep = (labels == classes[0]) | (labels == classes[1])
    X = images[keep].reshape(-1, 28 * 28).T.astype(np.float64) / 255.0
    Y = (labels[keep] == classes[1]).astype(np.float64).reshape(1, -1)
    return X, Y
    ### END SOLUTION


def train_test_split(X, Y, test_fraction=0.2, seed=0):
    """Shuffle the m examples with a seeded generator and split them.

    Args:
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m).
        test_fraction: in (0, 1), 0.2 for 80/20.
        seed: the same seed gives the same split.

    Returns:
        (X_train, Y_train, X_test, Y_test). The test set has round(test_fraction * m)
        examples, the training set the rest; every example lands in exactly one
        of them and keeps its own label. Use np.random.default_rng(seed).permutation(m).
    """
    ### BEGIN SOLUTION
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    n_test = int(round(test_fraction * m))
    test, train_ = order[:n_test], order[n_test:]
    return X[:, train_], Y[:, train_], X[:, test], Y[:, test]
    ### END SOLUTION


def predict(X, params):
    """The predicted class of each column of X: 1 where the network's probability
    A2 is at least 0.5, else 0. Returns an array of shape (1, m)."""
    ### BEGIN SOLUTION
    A2, _ = forward(X, params)
    return (A2 >= 0.5).astype(np.float64)
    ### END SOLUTION


def accuracy(y_true, y_pred):
    """The fraction of predictions equal to the true label, a float in [0, 1]
    (not a percentage). Both arguments have shape (1, m)."""
    ### BEGIN SOLUTION
    return float(np.mean(y_true == y_pred))
    ### END SOLUTION


def confusion_matrix(y_true, y_pred):
    """The 2x2 table of counts, rows the true label, columns the predicted label:

        [[TN, FP],       TN: true 0 predicted 0,  FP: true 0 predicted 1
         [FN, TP]]       FN: true 1 predicted 0,  TP: true 1 predicted 1

    Args: y_true, y_pred: 0/1 arrays of shape (1, m).
    Returns: an integer array of shape (2, 2) whose entries add up to m.
    """
    ### BEGIN SOLUTION
    t = np.asarray(y_true).ravel().astype(int)
    p = np.asarray(y_pred).ravel().astype(int)
    matrix = np.zeros((2, 2), dtype=np.int64)
    np.add.at(matrix, (t, p), 1)
    return matrix
    ### END SOLUTION


def precision_recall_f1(y_true, y_pred):
    """Precision, recall and F1 score for class 1 (the digit 5), as three floats.

        precision = TP / (TP + FP)    of the images called 5, the fraction that are 5
        recall    = TP / (TP + FN)    of the real 5s, the fraction called 5
        F1        = 2 * precision * recall / (precision + recall)

    Each is 0.0 when its denominator is 0. Reuse `confusion_matrix`.
    """
    ### BEGIN SOLUTION
    (_, fp), (fn, tp) = confusion_matrix(y_true, y_pred)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)
    ### END SOLUTION


def run(*, epochs=50, lr=0.01, batch_size=1, n_h=32, seed=0, test_fraction=0.2,
        classes=(4, 5), data=None, on_epoch=None):
    """The whole experiment: load, preprocess, split, train, evaluate. Already written.

    data=None uses the bundled 1,000 images of 4 and 5 split by `train_test_split`;
    a folder of the four MNIST IDX files uses their own train and test sets.
    Returns a dict: "accuracy", "confusion_matrix", "precision", "recall", "f1",
    "losses", "train_seconds", "n_train", "n_test", and the arrays "params",
    "X_test", "Y_test", "Y_pred", "test_probabilities" for the figures.
    """
    digits = load_digits(data)
    X, Y = preprocess(digits.images, digits.labels, classes)
    if digits.test_images is None:
        X_train, Y_train, X_test, Y_test = train_test_split(X, Y, test_fraction, seed)
    else:
        X_train, Y_train = X, Y
        X_test, Y_test = preprocess(digits.test_images, digits.test_labels, classes)
    # on_epoch is passed only when wanted, so a train() without it still runs.
    progress = {} if on_epoch is None else {"on_epoch": on_epoch}
    started = time.perf_counter()
    params, losses = train(X_train, Y_train, n_h=n_h, epochs=epochs, lr=lr,
                           batch_size=batch_size, seed=seed, **progress)
    train_seconds = time.perf_counter() - started
    Y_pred = predict(X_test, params)
    precision, recall, f1 = precision_recall_f1(Y_test, Y_pred)
    return {
        "accuracy": accuracy(Y_test, Y_pred),
        "confusion_matrix": confusion_matrix(Y_test, Y_pred),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "losses": [float(loss) for loss in losses],
        "train_seconds": train_seconds,
        "n_train": X_train.shape[1],
        "n_test": X_test.shape[1],
        "params": params,
        "X_test": X_test,
        "Y_test": Y_test,
        "Y_pred": Y_pred,
        "test_probabilities": forward(X_test, params)[0],
    }


def main(argv=None):
    """The command line; `--help` lists the options."""
    from experiments.experiment import main as experiment_main

    return experiment_main(run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
