"""Lesson 10's command line, run for real in a subprocess on the bundled digits.

One epoch for the seed's network and two for the deeper one keep each run to a few
seconds; the numbers are checked for consistency, not for accuracy (lesson 10's end-to-end
check and the README's measured run do that).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from digits.idx import write_idx

ROOT = Path(__file__).resolve().parent.parent
FAST = ["--seed-epochs", "1", "--epochs", "2"]
FIGURES = ("compare_val_accuracy.png", "compare_loss.png")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHILD_ENV = dict(os.environ, PYTHONPATH=str(ROOT), OPENBLAS_NUM_THREADS="1")  # see tests/test_experiment.py


def cli(*args, module="solutions.lesson10_deeper", cwd=ROOT):
    return subprocess.run([sys.executable, "-m", module, *args], cwd=cwd, env=CHILD_ENV,
                          capture_output=True, text=True, timeout=180)


def assert_one_line_error(result, *fragments):
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_the_comparison_table_and_figures(tmp_path):
    result = cli(*FAST, "--out", str(tmp_path / "figs"))
    assert result.returncode == 0, result.stderr
    for text in ("4 vs 5 on the bundled digits: 720 training, 80 validation, 200 test images",
                 "seed's network", "deeper network", "784-32-1 sigmoid, SGD", "784-64-32-1 ReLU, adam",
                 "training time", "test accuracy", "first epoch with", f"figures in {tmp_path / 'figs'}/"):
        assert text in result.stdout.replace("\n│", " "), result.stdout
    assert "training the seed's network (1 epoch) and the deeper one (2 epochs)" in result.stdout
    for name in FIGURES:
        content = (tmp_path / "figs" / name).read_bytes()
        assert content[:8] == PNG_SIGNATURE and len(content) > 5000, name


def test_json_holds_both_networks_consistently(tmp_path):
    result = cli(*FAST, "--json", "--layers", "784", "16", "8", "4", "1", "--optimizer", "rmsprop", "--lr", "0.002",
                 "--batch-size", "16", "--val-fraction", "0.25", "--seed", "2", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    m = json.loads(result.stdout)  # --json: nothing but the JSON, no progress line
    assert set(m) == {"seed", "deep", "target", "n_train", "n_val", "n_test", "classes", "settings", "figures"}
    assert (m["n_train"], m["n_val"], m["n_test"]) == (600, 200, 200)
    assert m["deep"]["settings"] == {"layers": [784, 16, 8, 4, 1], "method": "rmsprop", "lr": 0.002,
                                     "batch_size": 16, "epochs": 2}
    assert m["seed"]["settings"] == {"n_h": 32, "lr": 0.01, "batch_size": 1, "epochs": 1}
    assert m["settings"] == {"seed": 2, "val_fraction": 0.25, "test_fraction": 0.2, "data": "bundled"}
    for key, epochs in (("seed", 1), ("deep", 2)):
        n = m[key]
        matrix = np.array(n["confusion_matrix"])
        assert matrix.sum() == 200 and n["accuracy"] == pytest.approx(np.trace(matrix) / 200)
        assert len(n["losses"]) == len(n["val_accuracy"]) == epochs and n["train_seconds"] > 0
        first = n["first_epoch_at_target"]
        reached = [e + 1 for e, v in enumerate(n["val_accuracy"]) if v >= m["target"]]
        assert first == (reached[0] if reached else None)
    assert [Path(p).name for p in m["figures"]] == list(FIGURES)


@pytest.mark.parametrize("args, fragments", [
    (["--layers", "784", "64", "2"], ["--layers", "the last 1"]),
    (["--layers", "100", "1"], ["--layers", "the first 784"]),
    (["--layers", "784"], ["--layers", "at least two"]),
    (["--layers", "784", "0", "1"], ["--layers", ">= 1"]),
    (["--layers", "784", "6.5", "1"], ["--layers", "whole number"]),
    (["--optimizer", "adamw"], ["--optimizer", "sgd, momentum, rmsprop, adam"]),
    (["--val-fraction", "0"], ["--val-fraction", "strictly between 0 and 1"]),
    (["--val-fraction", "1"], ["--val-fraction", "strictly between 0 and 1"]),
    (["--lr", "nan"], ["--lr", "finite"]),
    (["--epochs", "0"], ["--epochs", ">= 1"]),
    (["--seed-epochs", "-2"], ["--seed-epochs", ">= 1"]),
    (["--batch-size", "x"], ["--batch-size", "whole number"]),
    (["--seed", "-1"], ["--seed", ">= 0"]),
    (["--test-fraction", "2"], ["--test-fraction", "strictly between 0 and 1"]),
    (["--classes", "4", "4"], ["--classes", "two different digits"]),
    (["--data", "/no/such/folder"], ["--data", "existing folder"]),
    (["--frobnicate"], ["unrecognized arguments: --frobnicate"]),
], ids=lambda value: "_".join(value) if isinstance(value, list) and value[0].startswith("-") else None)
def test_each_bad_option_is_one_line_and_exit_2(args, fragments):
    result = cli(*args)
    assert_one_line_error(result, "python -m solutions.lesson10_deeper: error:", *fragments)
    assert result.stdout == ""


def test_pristine_stubs_say_what_is_not_started(tmp_path):
    from checks.course import LESSONS
    from checks.stubs import stub_source

    package = tmp_path / "lessons"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for lesson in LESSONS:
        (package / lesson.filename).write_text(stub_source(lesson))
    result = cli(*FAST, "--out", str(tmp_path / "o"), module="lessons.lesson10_deeper", cwd=tmp_path)
    assert_one_line_error(result, "not started", "python -m checks")


def test_a_bug_in_lesson_8_is_one_line_naming_file_and_line(tmp_path):
    package = tmp_path / "lessons"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for source in (ROOT / "solutions").glob("lesson*.py"):
        (package / source.name).write_text(source.read_text())
    deep = package / "lesson08_deep.py"
    deep.write_text(deep.read_text().replace('dZ @ cache[f"A{l - 1}"].T', 'dZ @ cache[f"A{l - 1}"]'))
    result = cli(*FAST, "--out", str(tmp_path / "o"), module="lessons.lesson10_deeper", cwd=tmp_path)
    assert_one_line_error(result, "lessons/lesson08_deep.py line", "backward_deep()", "ValueError",
                          "python -m checks 8")


def test_data_folder_has_its_own_test_set(tmp_path):
    from digits import load_digits

    images, labels = load_digits()[:2]
    order = np.random.default_rng(0).permutation(len(labels))
    train, test = order[:4000], order[4000:]
    write_idx(tmp_path / "train-images-idx3-ubyte.gz", images[train])
    write_idx(tmp_path / "train-labels-idx1-ubyte.gz", labels[train])
    write_idx(tmp_path / "t10k-images-idx3-ubyte", images[test])
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", labels[test])
    result = cli(*FAST, "--json", "--data", str(tmp_path), "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    m = json.loads(result.stdout)
    n_train = int(np.isin(labels[train], (4, 5)).sum())
    assert m["n_train"] + m["n_val"] == n_train and m["n_val"] == round(0.1 * n_train)
    assert m["n_test"] == int(np.isin(labels[test], (4, 5)).sum())
    assert m["settings"]["data"] == str(tmp_path) and m["settings"]["test_fraction"] is None
