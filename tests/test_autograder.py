"""`python -m checks autograder FILE.zip`: the Gradescope autograder, proven end to end without Gradescope.

The zip is built with the real command, then everything Gradescope would do happens in a
throwaway copy of this machine's root file system (tests/tools/throwaway-root: an overlay in a
mount namespace of its own, gone when the command ends): the zip unpacked into
/autograder/source, its setup.sh run once as root (a virtual environment made with the system's
Python, the pinned packages from the package index, the course from the zip's wheel, the
worker's user), then its run_autograder for each submission put in /autograder/submission:
solved (full marks), the stubs (0), one lesson wrong (that lesson's points lost, the named
mistake shown) and a cheat that reads and imports the reference (blocked: its worker runs as
the unprivileged user, who cannot read the installed reference or the zip). It needs root and
overlayfs, as CI has; elsewhere it is skipped, with the reason.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from grader_support import ROOT, STUBS, first_in, run_autograder, run_checks, solution

sys.path.insert(0, str(ROOT))

from checks.course import LESSONS  # noqa: E402
from checks.instructor import autograder  # noqa: E402

TOOL = ROOT / "tests" / "tools" / "throwaway-root"
PREFIX = autograder.PREFIX
USER = autograder.WORKER_USER
PART_ONE = [lesson for lesson in LESSONS if lesson.part == 1]
WRONG_BACKWARD = "X = X * 2  # a wrong gradient for every weight of W1"


def _why_not() -> str:
    """Why the end-to-end test cannot run here ('' when it can)."""
    if not sys.platform.startswith("linux"):
        return "needs Linux (mount namespaces and overlayfs)"
    if os.geteuid() != 0:
        return "needs root (CI runs as root): setup.sh installs packages and creates a user"
    if not all(shutil.which(tool) for tool in ("unshare", "chroot", "mount")) or not Path("/usr/bin/python3").exists():
        return "needs unshare, chroot, mount and /usr/bin/python3"
    if "overlay" not in Path("/proc/filesystems").read_text():
        return "needs overlayfs"
    probe = subprocess.run([str(TOOL), "--", "/bin/true"], capture_output=True, text=True, timeout=60)
    if probe.returncode != 0:
        return f"the throwaway root does not work here: {probe.stderr.strip()[-300:]}"
    return ""


CHEAT_READS = f'''
import os

_tried = []


def _reference():
    """The reference's sigmoid, read from where setup.sh installed it, else from the zip's wheel."""
    path = "{PREFIX}/course/solutions/lesson01_sigmoid.py"
    try:
        namespace = {{}}
        exec(open(path).read(), namespace)
        return namespace
    except Exception as error:
        _tried.append(f"{{path}}: {{type(error).__name__}}: {{error}}")
    try:
        import zipfile
        wheel = [name for name in os.listdir("/autograder/source") if name.endswith(".whl")][0]
        with zipfile.ZipFile("/autograder/source/" + wheel) as archive:
            namespace = {{}}
            exec(archive.read("solutions/lesson01_sigmoid.py").decode(), namespace)
            return namespace
    except Exception as error:
        _tried.append(f"/autograder/source: {{type(error).__name__}}: {{error}}")
    return None


def sigmoid(z):
    reference = _reference()
    if reference is not None:
        return reference["sigmoid"](z)
    raise RuntimeError(f"cheat running as uid {{os.geteuid()}} found nothing: " + "; ".join(_tried))


def sigmoid_prime(z):
    reference = _reference()
    if reference is not None:
        return reference["sigmoid_prime"](z)
    raise RuntimeError("cheat found nothing")
'''

CHEAT_IMPORTS = f'''
import importlib
import sys


def _reference():
    sys.path.append("{PREFIX}/course")
    return importlib.import_module("".join(["sol", "utions"]) + ".lesson02_forward")


def init_params(n_x, n_h, n_y, seed=0):
    return _reference().init_params(n_x, n_h, n_y, seed)


def forward(X, params):
    return _reference().forward(X, params)
'''


def _submissions(folder: Path) -> Path:
    """solved: every lesson, flat. stubs: the stubs under lessons/, lesson 7's file left out.
    wrong: inside a folder as an archive would have it, lesson 4 wrong, with macOS litter and a
    second, deeper copy of lesson 1. cheat: lesson 1 reads the reference, lesson 2 imports it,
    lesson 3 is a symbolic link to it."""
    submissions = folder / "submissions"
    solved, stubs, wrong, cheat = (submissions / name for name in ("solved", "stubs", "wrong", "cheat"))
    for lesson in PART_ONE:
        (solved).mkdir(parents=True, exist_ok=True)
        (solved / lesson.filename).write_text(solution(lesson.number))
        if lesson.number != 7:
            (stubs / "lessons").mkdir(parents=True, exist_ok=True)
            shutil.copy2(STUBS / lesson.filename, stubs / "lessons" / lesson.filename)
        (wrong / "my work" / "lessons").mkdir(parents=True, exist_ok=True)
        (wrong / "my work" / "lessons" / lesson.filename).write_text(solution(lesson.number))
        cheat.mkdir(parents=True, exist_ok=True)
        (cheat / lesson.filename).write_text(solution(lesson.number))
    (wrong / "my work" / "lessons" / "lesson04_backward.py").write_text(first_in(4, "backward", WRONG_BACKWARD))
    (wrong / "my work" / "lessons" / "old").mkdir()
    (wrong / "my work" / "lessons" / "old" / "lesson01_sigmoid.py").write_text("def sigmoid(z):\n    return z\n")
    (wrong / "__MACOSX" / "my work").mkdir(parents=True)
    (wrong / "__MACOSX" / "my work" / "lesson04_backward.py").write_bytes(b"\x00\x05\x16\x07 not python")
    (cheat / "lesson01_sigmoid.py").write_text((STUBS / "lesson01_sigmoid.py").read_text() + CHEAT_READS)
    (cheat / "lesson02_forward.py").write_text((STUBS / "lesson02_forward.py").read_text() + CHEAT_IMPORTS)
    (cheat / "lesson03_loss.py").unlink()
    (cheat / "lesson03_loss.py").symlink_to(f"{PREFIX}/course/solutions/lesson03_loss.py")
    from test_notebook_submissions import _notebook  # notebooks: the reference in each lesson cell, lesson 3's twice

    (submissions / "notebooks" / "notebooks").mkdir(parents=True)
    for lesson in PART_ONE:
        (submissions / "notebooks" / "notebooks" / f"{lesson.module}.ipynb").write_bytes(
            _notebook(lesson.number, solution(lesson.number), cells=2 if lesson.number == 3 else 1))
    return submissions


INSIDE = r'''
set -uo pipefail
io=/io
stamp() { echo "$1 $(date +%s.%N)" >> "$io/times.txt"; }
mkdir -p /autograder
cp -a "$io/source" /autograder/source
cp -a /autograder/source/run_autograder /autograder/run_autograder
stamp setup-start
(cd /autograder/source && bash ./setup.sh) > "$io/setup.log" 2>&1
echo $? > "$io/setup.rc"
stamp setup-end
mkdir -p "$io/out"
for submission in solved stubs wrong cheat notebooks; do
  rm -rf /autograder/submission /autograder/results
  cp -a "$io/submissions/$submission" /autograder/submission
  stamp "$submission-start"
  (cd /autograder && ./run_autograder) > "$io/out/$submission.stdout" 2>&1
  echo $? > "$io/out/$submission.rc"
  stamp "$submission-end"
  cp /autograder/results/results.json "$io/out/$submission.json" 2>/dev/null || true
done
# What the worker's user can and cannot read, tried without the grader's other guards:
probe() {
  runuser -u "$1" -- "$PREFIX/venv/bin/python" -I -c "
import sys
for path in sys.argv[1:]:
    try:
        open(path, 'rb').read(1)
        print(path, 'readable')
    except OSError as error:
        print(path, type(error).__name__)
" "$PREFIX/course/solutions/lesson01_sigmoid.py" "$PREFIX/course/checks/grading.py" \
    /autograder/source/setup.sh "$PREFIX/exam-secret" "$PREFIX/course/worker/main.py" \
    "$PREFIX/course/digits/mnist_5k.npz"
}
probe "$WORKER" > "$io/probe-user.txt" 2>&1
probe root > "$io/probe-root.txt" 2>&1
id -u "$WORKER" > "$io/uid.txt"
# A grader that cannot even start still leaves a results.json (run_autograder's own fallback):
mv "$PREFIX/venv" "$PREFIX/venv.away"
rm -rf /autograder/results
(cd /autograder && ./run_autograder) > "$io/out/broken.stdout" 2>&1
cp /autograder/results/results.json "$io/out/broken.json" 2>/dev/null || true
'''


def _unpack(archive: Path, folder: Path) -> None:
    """Unpack the zip as Gradescope does (`unzip`: with the files' modes)."""
    with zipfile.ZipFile(archive) as zipped:
        for info in zipped.infolist():
            target = folder / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zipped.read(info))
            target.chmod((info.external_attr >> 16) & 0o777 or 0o644)


@pytest.fixture(scope="module")
def gradescope(tmp_path_factory):
    why = _why_not()
    if why:
        pytest.skip(why)
    io = tmp_path_factory.mktemp("gradescope")
    built = run_checks(io, "autograder", str(io / "autograder.zip"), timeout=300)
    assert built.returncode == 0, built
    _unpack(io / "autograder.zip", io / "source")
    _submissions(io)
    (io / "inside.sh").write_text(f"PREFIX={PREFIX}\nWORKER={USER}\n" + INSIDE)
    started = time.perf_counter()
    done = subprocess.run([str(TOOL), "--bind", str(io), "/io", "--", "/bin/bash", "/io/inside.sh"],
                          capture_output=True, text=True, timeout=1500)
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    times = dict(line.split() for line in (io / "times.txt").read_text().splitlines())
    spans = {name: float(times[f"{name}-end"]) - float(times[f"{name}-start"])
             for name in ("setup", "solved", "stubs", "wrong", "cheat", "notebooks")}
    print(f"throwaway root: {seconds:.0f} s in all; " + ", ".join(f"{k} {v:.0f} s" for k, v in spans.items()))
    return io, built


def _results(io: Path, name: str) -> dict:
    path = io / "out" / f"{name}.json"
    assert path.exists(), (io / "out" / f"{name}.stdout").read_text()[-4000:]
    return json.loads(path.read_text())


def _lesson_points(results: dict) -> dict:
    points = {}
    for test in results["tests"]:
        number = int(test["number"].split(".")[0])
        points[number] = points.get(number, 0.0) + test["score"]
    return {number: round(value, 2) for number, value in points.items()}


def _outputs(results: dict, number: int) -> str:
    return "\n".join(test["output"] for test in results["tests"] if test["number"].split(".")[0] == str(number))


def test_the_zip_has_what_gradescope_expects(gradescope):
    io, built = gradescope
    with zipfile.ZipFile(io / "autograder.zip") as archive:
        modes = {info.filename: (info.external_attr >> 16) & 0o777 for info in archive.infolist()}
        requirements = archive.read("requirements.txt").decode().splitlines()
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111, modes
    assert [name for name in modes if name.endswith(".whl")] == ["four_or_five-0.1.0-py3-none-any.whl"]
    assert modes["exam-secret"] == 0o600 and (io / "autograder.exam-secret").is_file()  # the secret, kept beside it
    assert all("==" in line for line in requirements if not line.startswith(("exceptiongroup", "tomli"))), requirements
    numpy = [line for line in requirements if line.startswith("numpy==")]
    assert numpy == [f"numpy=={np.__version__}"] or (  # the installed NumPy installs on Python 3.10 too
        f'numpy=={np.__version__} ; python_version >= "3.' in numpy[0]
        and numpy[1] == f'numpy=={autograder.FOR_PYTHON_310["numpy"]} ; python_version < "3.{sys.version_info[1]}"'
    ), numpy
    assert "lessons 1-7 (100 points)" in built.stdout, built


def test_setup_installs_the_course_and_checks_the_workers_user(gradescope):
    io, _ = gradescope
    log = (io / "setup.log").read_text()
    assert (io / "setup.rc").read_text().strip() == "0", log[-4000:]
    assert f"check-install: {USER} can run Python and NumPy and cannot read checks/ or solutions/" in log, log[-4000:]


def test_the_workers_user_cannot_read_the_grader_the_reference_or_the_zip(gradescope):
    io, _ = gradescope
    user = (io / "probe-user.txt").read_text()
    root = (io / "probe-root.txt").read_text()
    for secret in ("solutions/lesson01_sigmoid.py", "checks/grading.py", "/autograder/source/setup.sh",
                   f"{PREFIX}/exam-secret"):
        assert any(secret in line and line.endswith("PermissionError") for line in user.splitlines()), user
        assert any(secret in line and line.endswith("readable") for line in root.splitlines()), root
    for needed in ("worker/main.py", "digits/mnist_5k.npz"):
        assert any(needed in line and line.endswith("readable") for line in user.splitlines()), user


def test_a_solved_submission_gets_full_marks(gradescope):
    io, _ = gradescope
    results = _results(io, "solved")
    assert results["score"] == 100 and results["max_score"] == 100, results["output"]
    assert {test["status"] for test in results["tests"]} == {"passed"}
    assert results["output_format"] == "md" and results["test_output_format"] == "md"
    assert results["visibility"] == "visible" and results["stdout_visibility"] == "hidden"
    assert {test["visibility"] for test in results["tests"]} == {"visible"}
    assert "| 7. " in results["output"] and "Every check passes." in results["output"]
    assert len(results["tests"]) == sum(len(lesson.check_names) for lesson in PART_ONE)


def test_the_stubs_get_zero_and_a_missing_file_is_named(gradescope):
    io, _ = gradescope
    results = _results(io, "stubs")
    assert results["score"] == 0, results["output"]
    assert "`lesson07_classifier.py` is not in your submission" in _outputs(results, 7)
    assert "not started" in _outputs(results, 1)
    assert "| 7. " in results["output"] and "missing" in results["output"]


def test_one_wrong_lesson_loses_its_points_and_says_why(gradescope):
    io, _ = gradescope
    results = _results(io, "wrong")
    points = _lesson_points(results)
    assert points[4] < LESSONS[3].points and points[7] < LESSONS[6].points, points
    assert all(points[n] == LESSONS[n - 1].points for n in (1, 2, 3, 5, 6)), points
    assert "backward" in _outputs(results, 4) and "```text" in _outputs(results, 4)
    assert "fix lesson 4 first" in _outputs(results, 7)
    assert "`lesson01_sigmoid.py` is in your submission more than once" in results["output"]
    assert "my work/lessons/old/lesson01_sigmoid.py" in results["output"]


def test_a_submission_of_notebooks_is_graded_from_its_lesson_cells(gradescope):
    io, _ = gradescope
    results = _results(io, "notebooks")
    points = _lesson_points(results)
    assert all(points[n] == LESSONS[n - 1].points for n in (1, 2, 4, 5, 6)), points
    assert points[3] == 0
    line = "2 cells start with `%%writefile lessons/lesson03_loss.py`"
    assert results["output"].startswith(f"- {line}") and line in _outputs(results, 3)


def test_a_cheat_cannot_read_or_import_the_reference(gradescope):
    io, _ = gradescope
    results = _results(io, "cheat")
    points = _lesson_points(results)
    assert points[1] == 0 and points[2] == 0 and points[3] == 0 and results["score"] < 100, points
    uid = (io / "uid.txt").read_text().strip()
    first = _outputs(results, 1)
    assert f"cheat running as uid {uid} found nothing" in first and uid != "0", first
    assert "Permission denied" in first, first
    assert "solutions" in _outputs(results, 2), _outputs(results, 2)
    assert "`lesson03_loss.py` is a symbolic link, not a file: hand in the file itself." in results["output"], \
        results["output"]
    assert "lesson03_loss.py is a symbolic link, not a file" in _outputs(results, 3)


def test_a_grader_that_cannot_start_still_leaves_results(gradescope):
    io, _ = gradescope
    results = _results(io, "broken")
    assert results["score"] == 0 and results["tests"] == []
    assert "could not grade this submission" in results["output"]


# --- without the throwaway root ------------------------------------------------------------

@pytest.mark.parametrize("args, says", [
    (["autograder.txt"], "does not end in .zip"),
    (["no/such/folder/autograder.zip"], "its folder does not exist"),
    (["autograder.zip", "--lessons", "11"], "11"),
    (["autograder.zip", "--visibility", "sometimes"], "invalid choice"),
    (["autograder.zip", "--time-limit", "0"], "--time-limit"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, says):
    done = run_checks(tmp_path, "autograder", *args, timeout=120)
    assert done.returncode == 2, done
    assert says in done.stderr and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr, done
    assert not list(tmp_path.glob("*.zip")) and not list(tmp_path.glob(".*.partial"))


def test_run_writes_results_even_when_grading_fails(tmp_path, monkeypatch, capsys):
    def broken(*args):
        raise RuntimeError("the grader fell over")

    monkeypatch.setattr(autograder, "_grade", broken)
    results = tmp_path / "results.json"
    assert autograder.run(tmp_path, results, PART_ONE) == 0
    data = json.loads(results.read_text())
    assert data["score"] == 0 and data["max_score"] == 100 and data["tests"] == []
    assert "the grader fell over" in data["output"] and data["output_format"] == "md"


def test_run_gives_zero_and_says_so_when_grading_runs_out_of_time(tmp_path):
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "lesson01_sigmoid.py").write_text(solution(1))
    results = tmp_path / "results.json"
    done = run_autograder(submission, results, "--lessons", "1", "--time-limit", "0.5", cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(results.read_text())
    assert data["score"] == 0 and data["max_score"] == 10 and "took longer than 0.5 s" in data["output"], data


def test_files_handed_in_flat_are_named_as_handed_in(tmp_path):
    """Gradescope's output names a file where the student put it (not lessons/...), and a lesson 2 failure
    under lesson 3's chain says 'fix lesson 2 first' once per check."""
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "lesson01_sigmoid.py").write_text(solution(1))
    (submission / "lesson02_forward.py").write_text("def forward(:\n")
    results = tmp_path / "results.json"
    done = run_autograder(submission, results, "--lessons", "1", "2", "3", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(results.read_text())
    outputs = "\n".join(test["output"] for test in data["tests"])
    assert "lesson02_forward.py has a syntax error at line 1" in outputs, outputs
    assert "lessons/lesson02_forward.py" not in outputs and "lessons/lesson02_forward.py" not in done.stdout
    assert "`lesson03_loss.py` is not in your submission" in outputs and "restore the stub" not in outputs
    assert all(test["output"].count("fix lesson") <= 1 for test in data["tests"])


def test_requirements_pin_a_release_for_python_310_where_the_installed_one_needs_newer(tmp_path):
    wheel = autograder.build_wheel(tmp_path)
    names = {info.filename.split("/")[0] for info in zipfile.ZipFile(wheel).infolist()}
    assert {"checks", "solutions", "worker", "digits", "lessons"} <= names
    stubs = zipfile.ZipFile(wheel).read("lessons/lesson04_backward.py").decode()
    assert stubs == (STUBS / "lesson04_backward.py").read_text()
    lines = autograder.pinned_requirements(wheel)
    assert any(line.startswith("numpy==") for line in lines) and any(line.startswith("pytest==") for line in lines)
    for line in lines:
        if 'python_version < "' in line:
            name = line.split("==")[0].split(" ")[0]
            assert name in autograder.FOR_PYTHON_310, line
