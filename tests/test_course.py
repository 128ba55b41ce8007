"""The course itself: the data ships intact, lessons/ is exactly the stubs made from
solutions/ (where the learner has not begun), every check passes on the reference, and every
lesson reads "not started" on the pristine stubs."""

import ast

import hashlib
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from checks.course import LESSONS, find_lesson
from checks.loading import load_lesson, stub_functions
from checks.stubs import stub_source
from digits import BUNDLED_PATH, BUNDLED_SHA256, load_digits
from grader_support import STUBS

ROOT = Path(__file__).resolve().parent.parent


def test_bundled_digits_are_the_shipped_file():
    assert hashlib.sha256(BUNDLED_PATH.read_bytes()).hexdigest() == BUNDLED_SHA256
    data = load_digits()
    assert data.images.shape == (5000, 28, 28) and data.images.dtype == np.uint8
    assert np.bincount(data.labels).tolist() == [500] * 10
    assert data.test_images is None


def _begun(text: str, lesson) -> bool:
    """True when the learner has written one of the lesson's functions (or broken the file's syntax):
    the file is theirs. A stub out of date with solutions/ still has only stub bodies."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return True
    defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)} & set(lesson.functions)
    return bool(defined - set(stub_functions(text, lesson.functions)))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.module)
def test_lessons_are_the_stubs_of_the_solutions(lesson):
    path = ROOT / "lessons" / lesson.filename
    if path.is_file() and _begun(path.read_text(), lesson):
        pytest.skip(f"lessons/{lesson.filename} is your work: only an untouched stub is compared")
    assert path.is_file() and path.read_text() == stub_source(lesson), (
        "lessons/ is out of date: run `python -m checks.stubs`")


def test_a_begun_lesson_is_told_from_a_stale_stub():
    stub, solved = stub_source(LESSONS[3]), (ROOT / "solutions" / LESSONS[3].filename).read_text()
    stale = stub.replace("def numerical_gradient(", "def old_numerical_gradient(")
    assert not _begun(stub, LESSONS[3]) and not _begun(stale, LESSONS[3])
    assert _begun(solved, LESSONS[3]) and _begun("def backward(:\n", LESSONS[3])


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.module)
def test_every_stub_function_is_a_stub_and_every_solution_is_not(lesson, monkeypatch):
    monkeypatch.setenv("CHECKS_LESSONS", str(STUBS))
    stub = load_lesson(lesson)
    import importlib

    solution = importlib.import_module(f"solutions.{lesson.module}")
    stub_text = (STUBS / lesson.filename).read_text()
    solution_text = (ROOT / "solutions" / lesson.filename).read_text()
    assert stub_functions(stub_text, lesson.functions) == list(lesson.functions)
    assert stub_functions(solution_text, lesson.functions) == []
    for name in lesson.functions:
        assert callable(getattr(solution, name)), name
        code = getattr(stub, name).__code__
        required = code.co_varnames[code.co_argcount:code.co_argcount + code.co_kwonlyargcount]
        with pytest.raises(NotImplementedError, match=f"lesson {lesson.number} not started.*{name}"):
            getattr(stub, name)(*[None] * code.co_argcount, **dict.fromkeys(required))


def test_find_lesson_by_number_name_and_function():
    assert find_lesson("4") is find_lesson("04") is find_lesson("backward") is LESSONS[3]
    assert find_lesson("precision_recall_f1") is LESSONS[6]
    with pytest.raises(KeyError, match="no lesson called 'x'"):
        find_lesson("x")


def _pytest_checks(folder: Path, *extra, checks=(ROOT / "checks",)):
    env = {**os.environ, "CHECKS_LESSONS": str(folder)}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           *map(str, checks), *extra], capture_output=True, text=True, env=env,
                          cwd=folder.parent, timeout=600)


@pytest.fixture(scope="module")
def plain_pytest():
    """`python -m pytest checks/` on the reference (part 1 and part 2 side by side: each trains a
    network on one core) and on the stubs, at once."""
    part = {number: [lesson.check_file for lesson in LESSONS if lesson.part == number] for number in (1, 2)}
    with ThreadPoolExecutor(max_workers=3) as pool:
        runs = [pool.submit(_pytest_checks, ROOT / "solutions", checks=part[1]),
                pool.submit(_pytest_checks, ROOT / "solutions", checks=part[2]),
                pool.submit(_pytest_checks, STUBS, "-rE")]
        return {"reference": [runs[0].result(), runs[1].result()], "stubs": runs[2].result()}


def test_every_check_passes_on_the_reference(plain_pytest):
    for number, done in enumerate(plain_pytest["reference"], start=1):
        total = sum(len(lesson.check_names) for lesson in LESSONS if lesson.part == number)
        assert done.returncode == 0, done.stdout[-3000:]
        assert f"{total} passed" in done.stdout, done.stdout[-3000:]


def test_every_check_is_not_started_on_the_stubs(plain_pytest):
    done = plain_pytest["stubs"]
    total = sum(len(lesson.check_names) for lesson in LESSONS)
    assert done.returncode == 1
    assert f"{total} error" in done.stdout  # each stops in setup with the "not started" verdict
    for lesson in LESSONS:
        assert f"lesson {lesson.number} not started: write {lesson.functions[0]}()" in done.stdout
    assert "Traceback" not in done.stdout


def test_check_names_read_from_the_files_are_what_pytest_collects():
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider",
                           str(ROOT / "checks")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    collected = [line.split("::")[1] for line in done.stdout.splitlines() if "::" in line]
    assert collected == [name for lesson in LESSONS for name in lesson.check_names]
