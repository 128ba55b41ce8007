"""The experiment's command line, run for real in a subprocess on the bundled digits.

Two epochs at batch size 32 keep every run to a second or two; the numbers are
checked for consistency, not for accuracy (the lesson 7 check does that).
"""

import json
import os
import pty
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from digits.idx import write_idx

ROOT = Path(__file__).resolve().parent.parent
FAST = ["--epochs", "2", "--batch-size", "32"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FIGURES = ("loss.png", "confusion.png", "test_digits.png")
METRICS = {"accuracy", "confusion_matrix", "precision", "recall", "f1", "train_seconds",
           "final_loss", "losses", "n_train", "n_test", "classes", "positive_class",
           "settings", "figures"}


# One BLAS thread in the children: on a busy 2-core machine (pytest-xdist, other jobs)
# OpenBLAS's threads fight for the cores and a 0.05 s training takes 10 s. This is the
# test's environment only; the course code never touches threads.
CHILD_ENV = dict(os.environ, PYTHONPATH=str(ROOT), OPENBLAS_NUM_THREADS="1")


def cli(*args, module="solutions.lesson07_classifier", cwd=ROOT):
    """Run the command line; return the CompletedProcess (text, captured)."""
    environment = CHILD_ENV
    return subprocess.run([sys.executable, "-m", module, *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=120)


def png_size(path):
    """(width, height) from a PNG's IHDR chunk, after checking the signature."""
    content = Path(path).read_bytes()
    assert content[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    assert content[12:16] == b"IHDR"
    return struct.unpack(">II", content[16:24])


def assert_one_line_error(result, *fragments):
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_run_prints_the_report_and_writes_the_figures(tmp_path):
    result = cli(*FAST, "--out", str(tmp_path / "figs"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for text in ("4 vs 5 on the bundled digits: 800 training, 200 test images",
                 "test accuracy", "predicted 4", "predicted 5", "true 4", "true 5",
                 "digit 5: precision", "recall", "F1", "trained in",
                 f"figures in {tmp_path / 'figs'}/"):
        assert text in out, out
    assert "2/2" not in out  # no progress bar when stdout is not a terminal
    for name in FIGURES:
        width, height = png_size(tmp_path / "figs" / name)
        assert 300 <= width <= 3000 and 200 <= height <= 3000, (name, width, height)
        assert (tmp_path / "figs" / name).stat().st_size > 5000  # not a blank canvas


def test_json_holds_every_metric_consistently(tmp_path):
    result = cli(*FAST, "--json", "--classes", "3", "8", "--seed", "1", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    m = json.loads(result.stdout)  # nothing but the JSON on stdout
    assert set(m) == METRICS
    matrix = np.array(m["confusion_matrix"])
    assert matrix.shape == (2, 2) and matrix.sum() == m["n_test"] == 200
    assert m["n_train"] == 800 and len(m["losses"]) == 2 and m["final_loss"] == m["losses"][-1]
    assert m["accuracy"] == pytest.approx(np.trace(matrix) / 200)
    tp, fp, fn = matrix[1, 1], matrix[0, 1], matrix[1, 0]
    assert m["precision"] == pytest.approx(tp / (tp + fp))
    assert m["recall"] == pytest.approx(tp / (tp + fn))
    assert m["classes"] == [3, 8] and m["positive_class"] == 8
    assert m["settings"] == {"epochs": 2, "lr": 0.01, "batch_size": 32, "hidden": 32,
                             "seed": 1, "test_fraction": 0.2, "data": "bundled"}
    assert m["train_seconds"] > 0
    assert [Path(p).name for p in m["figures"]] == list(FIGURES)
    assert all(Path(p).is_file() for p in m["figures"])


@pytest.mark.parametrize("args, fragments", [
    (["--lr", "-0.5"], ["--lr", "> 0"]),
    (["--lr", "inf"], ["--lr", "finite"]),
    (["--epochs", "0"], ["--epochs", ">= 1"]),
    (["--epochs", "2.5"], ["--epochs", "whole number"]),
    (["--batch-size", "0"], ["--batch-size", ">= 1"]),
    (["--hidden", "-3"], ["--hidden", ">= 1"]),
    (["--seed", "-1"], ["--seed", ">= 0"]),
    (["--test-fraction", "0"], ["--test-fraction", "strictly between 0 and 1"]),
    (["--test-fraction", "1.5"], ["--test-fraction", "strictly between 0 and 1"]),
    (["--classes", "4", "10"], ["--classes", "0 to 9"]),
    (["--classes", "5", "5"], ["--classes", "two different digits"]),
    (["--data", "/no/such/folder"], ["--data", "existing folder"]),
    (["--frobnicate"], ["unrecognized arguments: --frobnicate"]),
], ids=lambda value: "_".join(value) if isinstance(value, list) and value[0].startswith("-")
    else None)
def test_each_bad_option_is_one_line_and_exit_2(args, fragments):
    result = cli(*args)
    assert_one_line_error(result, "error:", *fragments)
    assert result.stdout == ""


def test_out_that_cannot_be_a_folder(tmp_path):
    (tmp_path / "file").write_text("")
    assert_one_line_error(cli("--out", str(tmp_path / "file" / "figs")), "--out", "folder")


def test_bad_idx_folder_is_one_line_naming_the_file(tmp_path):
    images = np.zeros((4, 28, 28), np.uint8)
    labels = np.array([4, 5, 4, 5], np.uint8)
    for prefix in ("train", "t10k"):
        write_idx(tmp_path / f"{prefix}-images-idx3-ubyte", images)
        write_idx(tmp_path / f"{prefix}-labels-idx1-ubyte", labels)
    truncated = tmp_path / "t10k-images-idx3-ubyte"
    truncated.write_bytes(truncated.read_bytes()[:-100])
    assert_one_line_error(cli("--data", str(tmp_path), "--out", str(tmp_path / "o")),
                          "--data", str(truncated), "truncated")


def lessons_copy(tmp_path, *, pristine=True):
    """A folder holding a `lessons` package: the pristine stubs, or the reference solutions."""
    from checks.course import LESSONS
    from checks.stubs import stub_source

    package = tmp_path / "lessons"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for lesson in LESSONS:
        source = (stub_source(lesson) if pristine
                  else (ROOT / "solutions" / lesson.filename).read_text())
        (package / lesson.filename).write_text(source)
    return package


def test_pristine_stubs_say_lesson_7_not_started(tmp_path):
    lessons_copy(tmp_path)
    result = cli("--out", str(tmp_path / "o"), module="lessons.lesson07_classifier", cwd=tmp_path)
    assert_one_line_error(result, "lesson 7 not started", "preprocess()")


def test_a_bug_in_a_lesson_is_one_line_naming_file_and_line(tmp_path):
    package = lessons_copy(tmp_path, pristine=False)
    backward = package / "lesson04_backward.py"
    backward.write_text(backward.read_text().replace("dW1 = dZ1 @ X.T", "dW1 = dZ1 @ X"))
    result = cli(*FAST, "--out", str(tmp_path / "o"), module="lessons.lesson07_classifier",
                 cwd=tmp_path)
    assert_one_line_error(result, "lessons/lesson04_backward.py line", "backward()",
                          "ValueError", "python -m checks 4")


def run_in_terminal(*args):
    """Run the command line with stdout on a pseudo-terminal; return what it printed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "solutions.lesson07_classifier", *args],
                               cwd=ROOT, stdout=follower, stderr=subprocess.DEVNULL,
                               env=dict(CHILD_ENV, COLUMNS="120"))
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=120) == 0
    return b"".join(chunks).decode(errors="replace")


@pytest.mark.skipif(not hasattr(pty, "openpty") or shutil.which("true") is None,
                    reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal_and_not_with_quiet(tmp_path):
    shown = run_in_terminal(*FAST, "--out", str(tmp_path))
    assert "epoch" in shown and "2/2" in shown and "loss 0." in shown, shown
    quiet = run_in_terminal(*FAST, "--quiet", "--out", str(tmp_path))
    assert "2/2" not in quiet and "test accuracy" in quiet, quiet


def test_data_folder_uses_every_image_of_the_two_classes_and_its_own_test_set(tmp_path):
    from digits import load_digits

    images, labels = load_digits()[:2]
    rng = np.random.default_rng(0)
    order = rng.permutation(len(labels))  # the bundled file is sorted by digit
    train, test = order[:4000], order[4000:]
    write_idx(tmp_path / "train-images-idx3-ubyte.gz", images[train])
    write_idx(tmp_path / "train-labels-idx1-ubyte.gz", labels[train])
    write_idx(tmp_path / "t10k-images-idx3-ubyte", images[test])
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", labels[test])
    result = cli(*FAST, "--json", "--classes", "3", "8", "--data", str(tmp_path),
                 "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    m = json.loads(result.stdout)
    assert m["n_train"] == int(np.isin(labels[train], (3, 8)).sum())
    assert m["n_test"] == int(np.isin(labels[test], (3, 8)).sum())
    assert m["settings"]["data"] == str(tmp_path) and m["settings"]["test_fraction"] is None
