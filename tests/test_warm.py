"""A long-lived grading process (grade-class's runner, the catalogue's) keeps each exam's examples
instead of drawing them again (checks/warm.py), never shares them between exams, and still gives
every verdict and message a fresh process gives."""

import json
import re
import subprocess
import sys
from pathlib import Path

from grader_support import ROOT, SOLUTIONS, first_in, learner_env

CHECK_FILE = ROOT / "checks" / "test_lesson01_sigmoid.py"
# Right up to z = 4, then too flat: only some of hypothesis's examples find it.
WRONG = first_in(1, "sigmoid", "z = np.minimum(z, 4.0) + 0.5 * np.maximum(z - 4.0, 0.0)")

# Grades lessons one after another in this one process, each pytest's output to its own file; with
# drawing switched off for a run marked "no-draw", and a secret exam for one marked "secret".
RUNS = r"""
import json, os, sys, pytest
from pathlib import Path
from checks import exam, reference, warm

check_file, root, *runs = sys.argv[1:]
draw = reference._draw
for run in runs:
    lessons, output, mode = run.split(",")
    reference._draw = (lambda *args: 1 / 0) if mode == "no-draw" else draw
    os.environ.pop(exam.EXAM_VARIABLE, None)
    os.environ.update(exam.environment(b"a secret of 32 bytes, for tests!", Path(lessons)) if mode == "secret" else {})
    os.environ["CHECKS_LESSONS"] = lessons
    with open(output, "w") as out:
        saved = os.dup(1)
        os.dup2(out.fileno(), 1)
        code = pytest.main([check_file, "-q", "-p", "_hypothesis_pytestplugin", "--rootdir", root,
                            "-p", "no:cacheprovider"])
        sys.stdout.flush()
        os.dup2(saved, 1)
    print(json.dumps({"output": output, "exit": int(code), "kept": len(warm._kept),
                      "exams": sum(len(exams) for exams in warm._kept.values())}), flush=True)
"""


def _lessons(folder: Path, sigmoid: str) -> Path:
    folder.mkdir()
    (folder / "lesson01_sigmoid.py").write_text(sigmoid)
    return folder


def _grade(tmp_path: Path, *runs: str) -> list:
    done = subprocess.run([sys.executable, "-c", RUNS, str(CHECK_FILE), str(ROOT), *runs], cwd=tmp_path,
                          env=learner_env(PYTHONPATH=str(ROOT), PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", NO_COLOR="1"),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def _text(result: dict) -> str:
    """pytest's output without its timing ("1 failed, 7 passed in 1.23s")."""
    return re.sub(r" in \d+\.\d+s\b", "", Path(result["output"]).read_text())


def test_an_exams_draws_are_kept_and_never_shared_with_another_exam(tmp_path):
    right = _lessons(tmp_path / "right", (SOLUTIONS / "lesson01_sigmoid.py").read_text())
    wrong = _lessons(tmp_path / "wrong", WRONG)
    fresh, = _grade(tmp_path, f"{wrong},{tmp_path / 'fresh.txt'},draw")
    first, second, warm, secret = _grade(
        tmp_path, f"{right},{tmp_path / 'a.txt'},draw", f"{right},{tmp_path / 'b.txt'},no-draw",
        f"{wrong},{tmp_path / 'warm.txt'},no-draw", f"{right},{tmp_path / 'secret.txt'},secret")
    assert first["exit"] == 0 and first["kept"] >= 5, _text(first)  # every property check of lesson 1 kept its draws
    assert second["exit"] == 0, _text(second)  # passed on the kept draws alone: drawing would have raised
    # The wrong sigmoid on the kept draws: the failure and message of a fresh process.
    assert fresh["exit"] == warm["exit"] == 1
    assert "sigmoid" in _text(fresh) and _text(warm) == _text(fresh)
    # A secret exam draws examples of its own, kept beside the fixed exam's.
    assert secret["exit"] == 0 and secret["exams"] == 2 * first["exams"], _text(secret)
