"""The student release ships no answer: no formula written out in its code, no instructors' page,
a store that is the same bytes on every build, and a grader that explains a failure exactly as the
full grader does (the same input, message, named mistake and replay)."""

import re
import shutil
from pathlib import Path

import pytest

from grader_support import ROOT, SOLUTIONS, make_course, replaced, run_checks, solution

from checks.instructor.formulas import FORMULAS, code_lines, formula_lines
from checks.instructor.release import INSTRUCTORS_PAGES, record_store


def test_no_python_file_of_the_release_writes_out_a_formula(release):
    found = formula_lines(release)
    assert not found, "\n".join(f"{path}:{line}: {name}" for path, line, name in found)


# Lines of the checks as they were (commit f58af83): each wrote out a lesson's answer.
TODAYS_FORMULAS = {
    "the output's error A - Y": ['    dZ2 = (A2 - Y) / m',
                                 '        dZ = (cache[f"A{L}"] - Y) / m if output is None else output(Y, m)'],
    "a weight gradient dZ @ A.T": ['        return {"dW1": dZ1 @ X.T, "db1": dZ1.sum(axis=1, keepdims=True)}',
                                   '        grads[f"dW{l}"] = dZ @ A_in.T'],
    "an error sent back W.T @ dZ": ['        dZ = (params[f"W{l}"].T @ dZ) * slope'],
    "a sigmoid slope s * (1 - s)": ['        SQUARED_ERROR: from_dZ2(dZ2 * A2 * (1 - A2)),',
                                    '        "sigma(z) * (1 - sigma(z)), with sigma(z), not z": z * (1 - z),'],
    "the sigmoid 1 / (1 + exp(-z))": ['    return 1.0 / (1.0 + np.exp(-z))'],
    "a cross-entropy term y * log(a)": ['        "the minus sign is missing": np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P)),'],
    "a gradient step P - lr * dP": ['            "the step goes up the gradient": P + lr * dP,'],
    "He's scale sqrt(2 / n)": ['            target = np.sqrt((2.0 if l < L else 1.0) / fan_in)',
                               '    W = rng.standard_normal(shape) * np.sqrt(2 / fan_in)'],
    "a moving average (1 - beta) * g": ['    v = lambda v_, dP: beta1 * v_ + (1 - beta1) * dP'],
    "a layer's forward W @ A + b": ['        A = ref_sigmoid.sigmoid(params[f"W{l}"] @ A + params[f"b{l}"])'],
    "the pixels' scale x / 255": ['    X = data.images[keep].reshape(-1, 784).T / 255.0'],
}
# Code and text that state no answer: a formula in a message or a comment, other arithmetic.
NOT_FORMULAS = [
    '    raise CheckFailure("dZ2 = (A2 - Y) / m: the slope cancels", call=the_call)  # dW1 = dZ1 @ X.T',
    '    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)',
    '    labels = 1 - Y',
    '    expected = -lr * np.sign(grads["d" + name])',
    '    mistake = f"use {name} = sigma(z) * (1 - sigma(z))"',
    '    value = Y.shape[1] - 1',
    '    shade = 255 - pixels  # the figure draws ink dark',
]


def test_the_formula_scan_finds_each_formula_and_nothing_else(tmp_path):
    planted = [line.strip() for lines in TODAYS_FORMULAS.values() for line in lines] + [
        line.strip() for line in NOT_FORMULAS]
    (tmp_path / "planted.py").write_text("\n".join(planted) + "\n")
    found = {}
    for _, number, name in formula_lines(tmp_path):
        found.setdefault(name, set()).add(number)
    expected, number = {}, 0
    for name, lines in TODAYS_FORMULAS.items():
        expected[name] = set(range(number + 1, number + 1 + len(lines)))
        number += len(lines)
    assert set(found) == set(FORMULAS)
    for name in FORMULAS:  # each formula on its own lines (one line may write out two: both are found)
        assert expected[name] <= found[name], (name, found[name])
        assert max(found[name]) <= number, (name, "a line that states no answer was flagged")


def test_the_scan_reads_code_only_and_knows_the_reference(tmp_path):
    assert code_lines('x = "A2 - Y"  # dZ @ X.T\n') == {1: "x = ''"}
    assert code_lines('x = (A2\n     - Y)\n') == {1: "x = ( A2", 2: "- Y )"}  # joined per line, as tokens
    # The reference writes out its formulas: the scan is not blind to any lesson that has one.
    flagged = {path for path, _, _ in formula_lines(SOLUTIONS)}
    assert {f"lesson0{n}_{name}.py" for n, name in ((2, "forward"), (3, "loss"), (4, "backward"),
                                                     (5, "update"), (8, "deep"))} <= flagged, flagged


def test_two_builds_store_the_same_bytes(release, tmp_path):
    """The release's store (every reference answer it ships) is a function of the course alone: no
    timing, no order of the processes that recorded it."""
    again = tmp_path / "stored"
    record_store(again)
    built = {path.name: path.read_bytes() for path in sorted((release / "checks" / "stored").glob("*.calls"))}
    rebuilt = {path.name: path.read_bytes() for path in sorted(again.glob("*.calls"))}
    assert built and set(built) == set(rebuilt)
    assert [name for name in built if built[name] != rebuilt[name]] == []


def test_the_instructors_pages_stay_with_the_instructor(release):
    for page in INSTRUCTORS_PAGES:
        assert not (release / "docs" / page).exists(), page
        assert page not in (release / "mkdocs.yml").read_text()
        for path in (release / "docs").rglob("*.md"):
            assert not re.search(rf"\]\((?:\.\./)*{re.escape(page)}", path.read_text()), (path, page)
    assert (ROOT / "docs" / "instructors.md").is_file()  # the course keeps it
    assert "the instructors' guide" in (release / "docs" / "grader.md").read_text()  # the link's words stay


@pytest.mark.parametrize("lesson, old, new", [
    (2, 'Z2 = params["W2"] @ A1 + params["b2"]', 'Z2 = params["W2"] @ Z1 + params["b2"]'),  # the output from Z1
    (4, "dW1 = dZ1 @ X.T", "dW1 = dZ1 @ X.T * 2"),
])
def test_the_release_explains_a_failure_as_the_full_grader_does(release, tmp_path, lesson, old, new):
    files = {number: solution(number) for number in range(1, lesson)}
    files[lesson] = replaced(solution(lesson), old, new)
    full = make_course(tmp_path / "full", files=files)
    student = tmp_path / "student"
    shutil.copytree(release, student)
    for number, text in files.items():
        (student / "lessons" / Path(next(full.glob(f"lessons/lesson{number:02d}_*.py")).name)).write_text(text)
    shown = {}
    for name, course in (("full", full), ("release", student)):
        run = run_checks(course, str(lesson))
        assert run.returncode == 1, run
        text = run.stdout.split("First failure: ", 1)[1].replace(str(course), "COURSE")
        replays = sorted((course / ".checks" / "replay").glob("*.py"))
        shown[name] = (text, [path.read_text().replace(str(course), "COURSE") for path in replays])
    assert "likely mistake" in shown["full"][0] or lesson == 2, shown["full"][0]
    assert shown["release"] == shown["full"]
