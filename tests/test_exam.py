"""The secret exam (checks/exam.py): where credit is given, every input comes from the instructor's
secret and the submission, so a release's stored answers earn nothing, two students sit different
exams, the same file sits the same one, and the instructor replays a student's grading exactly.
Self-study keeps its fixed exam."""

import ast
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from grader_support import (LESSONS, ROOT, first_in, learner_env, make_course, run_autograder, run_checks,
                            solution)
from lookup_table import lookup_lesson

from checks import exam
from checks.instructor.autograder import main as autograder_main  # noqa: F401  (importable: the credit path)
from checks.instructor.submissions import lesson_files

PART_ONE = [lesson for lesson in LESSONS if lesson.part == 1]
WRONG_BACKWARD = "X = X * 2  # a wrong gradient for every weight of W1"


def _secret(folder: Path, name: str = "exam-secret") -> Path:
    path = folder / name
    exam.create_secret(path)
    return path


def _points(results: dict) -> dict:
    points = {}
    for test in results["tests"]:
        number = int(str(test["number"]).split(".")[0])
        points[number] = round(points.get(number, 0.0) + test["score"], 2)
    return points


# --- a lookup table of the release's answers ---------------------------------------------------

@pytest.fixture(scope="module")
def lookup_class(release, tmp_path_factory):
    """One submission: lessons 1-7, each answering from the release's store (tests/lookup_table.py)."""
    folder = tmp_path_factory.mktemp("lookup")
    files = {lesson.number: lookup_lesson(release / "checks" / "stored", lesson.number) for lesson in PART_ONE}
    submission = folder / "submissions" / "lookup"
    submission.mkdir(parents=True)
    for lesson in PART_ONE:
        (submission / lesson.filename).write_text(files[lesson.number])
    return folder, files


def test_the_lookup_table_does_score_on_the_fixed_exam(lookup_class):
    """The store does answer the fixed exam: the table is a real threat (so the tests below can fail)."""
    folder, files = lookup_class
    course = make_course(folder / "self-study", files=files)
    run = run_checks(course, *[str(lesson.number) for lesson in PART_ONE], "--json", "results.json")
    points = _points(json.loads((course / "results.json").read_text()))
    assert sum(points.values()) >= 10 and points[4] > 0, (points, run)


def test_a_lookup_table_earns_nothing_from_grade_class(lookup_class):
    folder, _ = lookup_class
    out = folder / "out"
    run = run_checks(folder, "grade-class", str(folder / "submissions"), "--out", str(out), "--jobs", "1",
                     timeout=900)
    assert run.returncode == 0, run
    row = next(csv.DictReader(io.StringIO((out / "grades.csv").read_text())))
    assert row["status"] == "graded" and row["total"] == "0.00", row
    assert (out / "exam-secret").is_file() and "exam secret" in run.stdout, run  # made, and said so
    assert (out / "exam-secret").stat().st_mode & 0o077 == 0  # the instructor's alone


def test_a_lookup_table_earns_nothing_from_the_gradescope_autograder(lookup_class, tmp_path):
    folder, _ = lookup_class
    results = tmp_path / "results.json"
    done = run_autograder(folder / "submissions" / "lookup", results, "--lessons", "1-7", "--exam-secret",
                          str(_secret(tmp_path)), cwd=ROOT, env=learner_env(), timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    graded = json.loads(results.read_text())
    assert graded["score"] == 0 and graded["tests"], _points(graded)


# --- two students, one student twice, a replay ---------------------------------------------------

def _one_example_failure(course: Path, secret: Path = None) -> str:
    """The output of lesson 4's fixed "one example" check for the (wrong) lesson 4 in `course`."""
    args = ["4", "--json", "results.json"] + (["--exam-secret", str(secret)] if secret else [])
    run = run_checks(course, *args)
    assert run.returncode == 1, run
    tests = json.loads((course / "results.json").read_text())["tests"]
    return next(test["output"] for test in tests if "one example" in test["name"])


def test_two_submissions_sit_different_exams_and_one_submission_the_same(tmp_path):
    secret = _secret(tmp_path)
    wrong = first_in(4, "backward", WRONG_BACKWARD)
    alice = make_course(tmp_path / "alice", files={4: wrong})
    bob = make_course(tmp_path / "bob", files={4: wrong + "\n# bob's copy\n"})
    alice_again = make_course(tmp_path / "alice-again", files={4: wrong})
    first, second = _one_example_failure(alice, secret), _one_example_failure(bob, secret)
    assert "input    X = " in first and first != second  # another file, another exam
    assert _one_example_failure(alice_again, secret) == first  # the same file, the same exam
    fixed = _one_example_failure(alice)
    assert fixed not in (first, second)  # the fixed exam is none of theirs
    assert _one_example_failure(bob) == fixed  # and is everyone's


_DUMP_DRAWS = '''
import json, os
from checks import warm

def pytest_sessionfinish(session):
    with open(os.environ["DRAWS_OUT"], "w") as out:
        json.dump({check: repr(list(exams.values())) for check, exams in sorted(warm._kept.items())}, out)
'''


def _hypothesis_draws(tmp_path: Path, name: str, lessons: Path, secret: bytes = None) -> dict:
    """What every hypothesis check of lesson 1 drew (they pass: `lessons` holds its solution)."""
    (tmp_path / "dump_draws.py").write_text(_DUMP_DRAWS)
    out = tmp_path / f"{name}.json"
    env = learner_env(CHECKS_LESSONS=str(lessons), DRAWS_OUT=str(out), PYTHONPATH=f"{tmp_path}:{ROOT}",
                      **exam.environment(secret, lessons))
    done = subprocess.run([sys.executable, "-m", "pytest", str(ROOT / "checks" / "test_lesson01_sigmoid.py"), "-q",
                           "-p", "dump_draws", "-p", "no:cacheprovider"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    return json.loads(out.read_text())


def test_hypothesis_draws_come_from_the_exam_too(tmp_path):
    secret = exam.read_secret(_secret(tmp_path))
    alice = make_course(tmp_path / "alice", solved=(1,)) / "lessons"
    bob = make_course(tmp_path / "bob", files={1: solution(1) + "\n# bob\n"}) / "lessons"
    draws = {name: _hypothesis_draws(tmp_path, name, lessons, key) for name, lessons, key in
             (("alice", alice, secret), ("alice again", alice, secret), ("bob", bob, secret),
              ("fixed", alice, None), ("fixed for bob", bob, None))}
    assert len(draws["alice"]) >= 4
    assert draws["alice"] == draws["alice again"]
    assert draws["fixed"] == draws["fixed for bob"]
    for check in draws["alice"]:
        assert len({draws[name][check] for name in ("alice", "bob", "fixed")}) == 3, check


def test_an_instructor_replays_a_students_grading(tmp_path):
    """grade-class's results for a student are what `python -m checks --exam-secret` gives on their files
    (and not what the fixed exam gives); a lesson's exam is its own file's, whatever is beside it."""
    files = {number: solution(number) for number in (1, 2, 3)}
    files[4] = first_in(4, "backward", WRONG_BACKWARD)
    submission = tmp_path / "submissions" / "dave"
    submission.mkdir(parents=True)
    for number, text in files.items():
        (submission / LESSONS[number - 1].filename).write_text(text)
    out = tmp_path / "out"
    run = run_checks(tmp_path, "grade-class", str(tmp_path / "submissions"), "--out", str(out), "--jobs", "1",
                     timeout=900)
    assert run.returncode == 0, run
    secret = str(out / "exam-secret")
    course = tmp_path / "replay"
    (course / "lessons").mkdir(parents=True)
    for path in submission.iterdir():
        (course / "lessons" / path.name).write_bytes(path.read_bytes())
    lessons = [str(lesson.number) for lesson in PART_ONE]
    # Named as grade-class names a hand-in's files (where the student put them: flat here).
    submitted = lesson_files([("", submission)]).grader_env()
    env = learner_env(NO_COLOR="1", COLUMNS="100", CHECKS_SUBMISSION=submitted)
    replay = run_checks(course, *lessons, "--json", "results.json", "--exam-secret", secret, env=env)
    assert replay.returncode == 1, replay
    assert (out / "results" / "dave.json").read_bytes() == (course / "results.json").read_bytes()
    fixed = run_checks(course, *lessons, "--json", "fixed.json", env=env)
    assert (course / "fixed.json").read_bytes() != (course / "results.json").read_bytes(), fixed
    beside = make_course(tmp_path / "beside", solved=range(1, 8), files={4: files[4]})
    alone = run_checks(beside, "4", "--json", "results.json", "--exam-secret", secret, env=env)
    ours = [test for test in json.loads((course / "results.json").read_text())["tests"] if test["number"].startswith("4.")]
    assert json.loads((beside / "results.json").read_text())["tests"] == ours, alone


# --- the secret itself -------------------------------------------------------------------------

def test_a_secret_is_made_private_and_rotating_keeps_the_old_one(tmp_path):
    path = tmp_path / "exam-secret"
    first = exam.create_secret(path)
    assert exam.read_secret(path) == first and path.stat().st_mode & 0o777 == 0o600
    second = exam.create_secret(path)
    assert second != first and exam.read_secret(path) == second
    assert exam.read_secret(tmp_path / f"exam-secret.{exam.secret_id(first)}") == first


@pytest.mark.parametrize("content, says", [(None, "no exam secret at"), ("not hex at all", "is not an exam secret"),
                                           ("abcd", "is not an exam secret")])
def test_a_bad_secret_is_one_line_and_exit_2(tmp_path, content, says):
    path = tmp_path / "secret"
    if content is not None:
        path.write_text(content)
    course = make_course(tmp_path / "course", solved=(1,))
    run = run_checks(course, "1", "--exam-secret", str(path))
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and says in run.stderr, run
    run = run_checks(tmp_path, "grade-class", str(course), "--out", str(tmp_path / "out"), "--secret", str(path))
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and says in run.stderr, run


def test_each_lesson_has_its_own_key_and_self_study_its_fixed_exam(tmp_path, monkeypatch):
    secret = b"\1" * 32
    course = make_course(tmp_path / "course", solved=(1, 2))
    lessons = course / "lessons"
    keys = dict(item.split("=") for item in exam.environment(secret, lessons)[exam.EXAM_VARIABLE].split(","))
    assert set(keys) == {lesson.module for lesson in LESSONS} and len(set(keys.values())) == len(LESSONS)
    assert secret.hex() not in exam.environment(secret, lessons)[exam.EXAM_VARIABLE]  # never the secret
    before = keys["lesson01_sigmoid"]
    (lessons / "lesson02_forward.py").write_text(solution(2) + "\n# changed\n")
    changed = exam.environment(secret, lessons)[exam.EXAM_VARIABLE]
    assert f"lesson01_sigmoid={before}" in changed and f"lesson02_forward={keys['lesson02_forward']}" not in changed
    monkeypatch.delenv(exam.EXAM_VARIABLE, raising=False)
    exam.sit("lesson01_sigmoid")
    assert exam.seed(7) == 7 and not exam.secret_exam()
    fixed = exam.hypothesis_seed("x")
    assert fixed == exam.hypothesis_seed("x") != exam.hypothesis_seed("y")  # the check's name alone
    monkeypatch.setenv(exam.EXAM_VARIABLE, changed)
    assert exam.seed(7) != 7 and exam.seed(7) == exam.seed(7) and exam.seed(7) < 2 ** 32
    assert exam.hypothesis_seed("x") != fixed
    exam.sit("lesson99_unknown")
    with pytest.raises(RuntimeError):  # fails closed: never the fixed exam where a secret one was asked for
        exam.seed(7)


def test_the_worker_never_sees_the_exam(tmp_path):
    """Learner code can read neither the secret nor its lesson's key: not in its environment, not in the
    grader's (non-dumpable) /proc entries."""
    probe = first_in(1, "sigmoid", '''import os
found = []
for pid in {os.getppid(), os.getpid()}:
    try:
        found.append(open(f"/proc/{pid}/environ", "rb").read().decode("latin-1"))
    except OSError:
        pass
raise ValueError("ENV " + " ".join(sorted(os.environ)) + " ".join(found))''')
    course = make_course(tmp_path / "course", files={1: probe})
    secret = _secret(tmp_path)
    run = run_checks(course, "1", "--json", "results.json", "--exam-secret", str(secret))
    text = (course / "results.json").read_text()
    assert "ENV" in text, run  # the probe ran and was reported
    keys = exam.environment(exam.read_secret(secret), course / "lessons")[exam.EXAM_VARIABLE]
    assert exam.EXAM_VARIABLE not in text and keys.split(",")[0].split("=")[1] not in text
    assert exam.read_secret(secret).hex() not in text


def test_a_student_release_refuses_a_secret_exam(release, tmp_path):
    import shutil

    course = tmp_path / "course"
    shutil.copytree(release, course)
    run = run_checks(course, "1", "--exam-secret", str(_secret(tmp_path)))
    assert run.returncode == 2 and "needs the full course" in run.stderr, run


# --- one mechanism: no check draws around it -----------------------------------------------------

RANDOM_CALLS = ("default_rng", "RandomState", "seed", "rand", "randn", "random", "uniform", "normal", "integers",
                "permutation", "choice", "shuffle")


def _draws_around_the_exam(path: Path):
    """(line, code) for each call in `path` that makes or uses NumPy's or Python's random state directly,
    and each hypothesis seed or derandomize setting: inputs that would not come from the exam. A line
    that draws something other than an input (say, what a named mistake would give) says so with the
    comment `# exam: not an input`."""
    text = path.read_text()
    lines = text.splitlines()
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            text = ast.unparse(node.func)
            if (text.startswith(("np.random.", "numpy.random.", "random.")) and node.func.attr in RANDOM_CALLS) \
                    or text in ("hypothesis.seed", "settings.register_profile"):
                found.append((node.lineno, ast.unparse(node)))
        if isinstance(node, ast.keyword) and node.arg == "derandomize":
            found.append((node.value.lineno, f"derandomize={ast.unparse(node.value)}"))
    return sorted(item for item in found if "# exam: not an input" not in lines[item[0] - 1])


def test_every_draw_of_the_checks_goes_through_the_exam():
    offenders = {}
    for path in sorted((ROOT / "checks").glob("*.py")):
        if path.name in ("exam.py", "conftest.py"):  # the exam itself, and the profile it seeds
            continue
        if _draws_around_the_exam(path):
            offenders[path.name] = _draws_around_the_exam(path)
    assert not offenders, offenders


def test_the_scan_for_draws_around_the_exam_is_not_blind(tmp_path):
    planted = tmp_path / "test_planted.py"
    planted.write_text("import numpy as np\nimport random\nfrom hypothesis import settings\n"
                       "rng = np.random.default_rng(3)\nx = random.random()\n@settings(derandomize=True)\n"
                       "def test_x():\n    np.random.seed(1)\n    np.random.seed(2)  # exam: not an input\n")
    assert [line for line, _ in _draws_around_the_exam(planted)] == [4, 5, 6, 8]
