"""The checks are right both ways: every planted mistake is rejected, every correct variant accepted.

Each file under tests/catalogue/wrong/ and tests/catalogue/right/ is one implementation a learner
might write: a docstring saying what it is, `LESSON = N`, optionally `EXPECT = "phrase"` (a phrase
the failure message must contain), and top-level functions (plus any imports or constants they
need) written as the learner would. The runner copies solutions/*.py into a fresh `lessons/`
package, splices the variant in (each top-level function or constant replaces the one of the same
name; imports are added after the module's own), and grades that one lesson with the real checks:

    pytest -q -x <checks>/test_<module>.py   (CHECKS_LESSONS=<tmp>/lessons)

run by `pytest.main` in one of two runner processes that grade variant after variant (`Runner`:
pytest, hypothesis and NumPy are imported once per runner, not once per variant; learner code
runs only in the workers the checks start). `-x` stops at the first failure, which is the one
`python -m checks N` explains to a learner, so the function must be named there. A wrong variant
must fail and name a function it replaced (test names are struck out of the output first, so the
name has to be in the message itself); a right variant must pass. `grade(variant, folder)` is the
one grading step: it returns pytest's output and exit code.
"""

import ast
import json
import os
import re
import select
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from checks import grading
from checks.course import LESSONS

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
CATALOGUE = Path(__file__).resolve().parent / "catalogue"
VARIANTS = sorted(CATALOGUE.glob("wrong/*.py")) + sorted(CATALOGUE.glob("right/*.py"))
METADATA = ("LESSON", "EXPECT", "XFAIL", "MISTAKE")  # the variant's own constants: never spliced
WORKERS = max(1, min(2, os.cpu_count() or 1))  # runners: each keeps about one core busy with its workers
TIMEOUT = 300  # seconds per graded lesson; lesson 7 trains the network once (about 15 s)

# Known disagreements with the grader, by variant file stem: {stem: reason}. A variant here is
# still run; strict xfail makes the test fail as soon as the grader is fixed, so the entry is
# then removed rather than forgotten. Also settable per file with `XFAIL = "reason"`.
KNOWN_DISAGREEMENTS = {
}


class Variant:
    def __init__(self, path: Path):
        self.path = path
        self.kind = path.parent.name  # "wrong" or "right"
        self.name = f"{self.kind}/{path.stem}"
        self.source = path.read_text()
        self.tree = ast.parse(self.source, filename=str(path))
        constants = {target.id: node.value for node in self.tree.body if isinstance(node, ast.Assign)
                     for target in node.targets if isinstance(target, ast.Name)}
        self.lesson = next(l for l in LESSONS if l.number == ast.literal_eval(constants["LESSON"]))
        self.expect = ast.literal_eval(constants["EXPECT"]) if "EXPECT" in constants else None
        self.xfail = ast.literal_eval(constants["XFAIL"]) if "XFAIL" in constants else None
        self.xfail = KNOWN_DISAGREEMENTS.get(path.stem, self.xfail)
        self.mistake = ast.literal_eval(constants["MISTAKE"]) if "MISTAKE" in constants else None
        self.functions = [n.name for n in self.tree.body if isinstance(n, ast.FunctionDef)]
        self.graded = [name for name in self.functions if name in self.lesson.functions]


def _span(node):
    """First and last line (1-based) of a top-level node, decorators included."""
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return first, node.end_lineno


def _name(node):
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        return node.name
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id
    return None


def splice(module_source: str, variant: Variant) -> str:
    """The module with the variant's functions and constants in place of its own, imports added."""
    lines = module_source.splitlines()
    variant_lines = variant.source.splitlines()
    text = lambda node: "\n".join(variant_lines[slice(_span(node)[0] - 1, _span(node)[1])])
    module_nodes = {_name(n): n for n in ast.parse(module_source).body if _name(n)}
    replacements, additions, imports = [], [], []
    for node in variant.tree.body:
        name = _name(node)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if text(node) not in lines:
                imports.append(text(node))
        elif name in METADATA or name is None:
            continue  # the docstring and the variant's own metadata
        elif name in module_nodes:
            replacements.append((_span(module_nodes[name]), text(node)))
        else:
            additions.append(text(node))
    for (first, last), new in sorted(replacements, reverse=True):
        while last < len(lines) and lines[last].startswith((" ", "\t")) and lines[last].strip().startswith("#"):
            last += 1  # the function's trailing indented comments (### END SOLUTION) go with it
        lines[first - 1:last] = new.splitlines()
    after_imports = max((n.end_lineno for n in ast.parse("\n".join(lines)).body
                         if isinstance(n, (ast.Import, ast.ImportFrom))), default=0)
    lines[after_imports:after_imports] = ["", *imports, *additions, ""]
    return "\n".join(lines) + "\n"


def plant(variant: Variant, folder: Path) -> Path:
    """A `lessons/` package in `folder`: the reference solutions with the variant spliced in."""
    lessons = folder / "lessons"
    lessons.mkdir(parents=True)
    for source in SOLUTIONS.glob("*.py"):
        shutil.copy(source, lessons / source.name)
    (lessons / "__init__.py").write_text("")
    target = lessons / variant.lesson.filename
    spliced = splice(target.read_text(), variant)
    compile(spliced, str(target), "exec")  # a splicing mistake fails here, not inside the grader
    target.write_text(spliced)
    return lessons


def grade(variant: Variant, folder: Path, course: Path = ROOT) -> subprocess.CompletedProcess:
    """The variant planted in `folder` and its lesson graded by the checks of `course` (this project,
    or a student release built from it): pytest's output and exit code."""
    lessons = plant(variant, folder)
    args = ["-q", "-p", "_hypothesis_pytestplugin", "-x", str(course / "checks" / f"test_{variant.lesson.module}.py"),
            "--rootdir", str(course)]
    for name in grading.UNUSED_PLUGINS:  # as the grader runs pytest (cacheprovider among them)
        args += ["-p", f"no:{name}"]
    return _runner(course).run(args, folder, {"CHECKS_LESSONS": str(lessons)})


# A runner reads one job a line (JSON: the working folder, CHECKS_ variables and pytest's arguments),
# runs a fresh `pytest.main` for it with its output in a file, and answers with the exit code: the
# grader's own loop for its warm pytest processes (checks/grading.py `serve_jobs`), from `course`.
RUNNER = "from checks.grading import run_pytest_job, serve_jobs\nserve_jobs(run_pytest_job)\n"


class Runner:
    """A pytest process that grades one variant after another, each with a `pytest.main` of its own.

    It is what `python -m pytest` would do in a subprocess per variant, without starting Python,
    pytest, hypothesis and NumPy each time (about a second a variant); a check that passed once is
    then run on the examples hypothesis drew for it (checks/warm.py), and is hypothesis's again
    as soon as one of them fails, so the verdicts and messages are a fresh process's. Learner code never runs in
    it (only in the workers the checks start), so a variant cannot leave anything behind for the
    next; a runner that stops answering is killed and the next job gets a new one.
    """

    def __init__(self, root: Path):
        self.root, self.process = root, None

    def run(self, args, cwd: Path, env: dict) -> subprocess.CompletedProcess:
        if self.process is None or self.process.poll() is not None:
            # Only the plugins grading needs (autoloading every installed one costs a second), one BLAS thread.
            self.process = subprocess.Popen(
                [sys.executable, "-c", RUNNER], cwd=self.root,  # its `checks`, this course's or the release's
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                env=dict(os.environ, PYTHONPATH=str(self.root), PYTHONDONTWRITEBYTECODE="1",
                         PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
                         MKL_NUM_THREADS="1", NO_COLOR="1"))
        output = cwd / "pytest-output.txt"
        self.process.stdin.write(json.dumps({"cwd": str(cwd), "env": env, "args": list(args),
                                             "output": str(output)}) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], TIMEOUT)
        answer = self.process.stdout.readline() if ready else ""
        if not answer.strip().isdigit():
            self.process.kill()
            self.process.wait()
            if not ready:
                raise subprocess.TimeoutExpired(args, TIMEOUT)
            raise RuntimeError(f"the runner ended without an answer (exit {self.process.returncode})")
        text = output.read_text(errors="replace") if output.exists() else ""
        return subprocess.CompletedProcess(args, int(answer), text, "")

    def close(self):
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait()


_local = threading.local()
_runners = []


def _runner(root: Path) -> Runner:
    """This thread's runner for the checks of `root`."""
    if not hasattr(_local, "runners"):
        _local.runners = {}
    if root not in _local.runners:
        _local.runners[root] = Runner(root)
        _runners.append(_local.runners[root])
    return _local.runners[root]


def failed_checks(output: str) -> list:
    """The names of the checks that failed, from the FAILED lines of pytest's summary."""
    return re.findall(r"^FAILED \S*::(test_\w+)", output, re.M)


def message_of(output: str) -> str:
    """The grader's output without test names and check-file paths, which name functions for free."""
    # Paths of check files and bare check names; not a function such as train_test_split.
    return re.sub(r"\S*/test_\w+\.py\S*|(?<!\w)test_\w+", "", output)


def names_function(output: str, function: str, lesson_functions) -> bool:
    """True if the failure message, or the title of a check that failed, names `function`.

    A title names it when it starts with the function's name and does not run on into a longer
    function name of the same lesson ("sigmoid_prime_..." names sigmoid_prime, not sigmoid).
    """
    if re.search(rf"(?<![\w.]){function}(?!\w)", message_of(output)):
        return True
    longer = [f for f in lesson_functions if f.startswith(function + "_")]
    titles = [name[len("test_"):] + "_" for name in failed_checks(output)]
    return any(title.startswith(function + "_") and not any(title.startswith(f + "_") for f in longer)
               for title in titles)


@pytest.fixture(scope="module")
def verdicts(request, tmp_path_factory):
    """Grade every selected variant with each selected grader, WORKERS at a time; one future per
    (grader, variant name). "full" is this project's checks; "release" a student release's."""
    items = [item for item in request.session.items if getattr(item, "callspec", None)
             and item.module.__name__ == __name__]
    selected = [(item.callspec.params["grader"], item.callspec.params["path"]) for item in items
                if "path" in item.callspec.params]
    selected += [(item.callspec.params["grader"], path) for item in items if "mistake" in item.callspec.params
                 for path in (PLANTS[item.callspec.params["mistake"]], PLANTS[NEIGHBOURS[item.callspec.params["mistake"]]])]
    selected = list(dict.fromkeys(selected))  # a variant graded once however many checks read it
    courses = {"full": ROOT}
    if any(grader == "release" for grader, _ in selected):
        courses["release"] = request.getfixturevalue("release")
    pool = ThreadPoolExecutor(max_workers=WORKERS)
    futures = {}
    for grader, path in sorted(selected, key=lambda pair: Variant(pair[1]).lesson.number != 7):  # slowest first
        variant = Variant(path)
        folder = tmp_path_factory.mktemp(f"{grader}-{path.stem}")
        futures[grader, variant.name] = pool.submit(grade, variant, folder, courses[grader])
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)
    for runner in _runners:
        runner.close()


def _param(path: Path):
    variant = Variant(path)
    marks = [pytest.mark.xfail(strict=True, reason=variant.xfail)] if variant.xfail else []
    return pytest.param(path, id=variant.name, marks=marks)


def test_catalogue_is_complete():
    """The catalogue keeps the size and spread the course's acceptance asks for."""
    variants = [Variant(path) for path in VARIANTS]
    wrong = [v for v in variants if v.kind == "wrong"]
    right = [v for v in variants if v.kind == "right"]
    assert len(wrong) >= 40 and len(right) >= 15
    assert len([v for v in wrong if v.lesson.number != 6]) >= 30
    assert {v.lesson.number for v in wrong} == {l.number for l in LESSONS}
    for v in variants:
        assert v.graded, f"{v.name} replaces none of lesson {v.lesson.number}'s functions"
        assert ast.get_docstring(v.tree), f"{v.name} has no docstring saying what it is"


@pytest.mark.parametrize("path", [_param(p) for p in VARIANTS])
@pytest.mark.parametrize("grader", ["full", "release"])
def test_variant(grader, path, verdicts):
    """Each variant's verdict, by the full grader and by a student release (python -m checks release)."""
    variant = Variant(path)
    result = verdicts[grader, variant.name].result()
    output = result.stdout + result.stderr
    shown = f"\n--- {grader} grader's output for {variant.name} (exit {result.returncode}) ---\n{output[-4000:]}"
    if variant.kind == "right":
        assert result.returncode == 0, "a correct implementation was rejected" + shown
        return
    assert result.returncode == 1, "a wrong implementation was not rejected" + shown
    assert any(names_function(output, name, variant.lesson.functions) for name in variant.graded), \
        f"the failure output names neither {' nor '.join(variant.graded)}" + shown
    if variant.expect:
        assert variant.expect.lower() in message_of(output).lower(), f"the message lacks {variant.expect!r}" + shown


# --- the catalogue of named mistakes (checks/mistakes.py): each one planted, and its nearest neighbour ---
# A mistake is named only when the failing input tells it apart from the others. So each catalogued
# mistake has a variant that plants it (`MISTAKE = "id"` in the file), whose failure must name it, and a
# nearest neighbour (the mistake most like it), whose failure must not.
PLANTS = {Variant(path).mistake: path for path in VARIANTS if Variant(path).mistake}
NEIGHBOURS = {
    "generic.m_times": "generic.divided_twice", "generic.divided_twice": "generic.m_times",
    "generic.sign": "backward.squared_error", "generic.transposed": "generic.no_keepdims",
    "generic.no_keepdims": "backward.bias_axis_0",
    "sigmoid.sign": "sigmoid.not_squashed", "sigmoid.not_squashed": "sigmoid.sign",
    "sigmoid_prime.is_sigmoid": "sigmoid_prime.one_minus", "sigmoid_prime.one_minus": "sigmoid_prime.is_sigmoid",
    "sigmoid_prime.of_z": "sigmoid_prime.is_sigmoid", "sigmoid_prime.plus": "sigmoid_prime.is_sigmoid",
    "forward.no_output_sigmoid": "forward.output_from_Z1", "forward.no_biases": "forward.no_b1",
    "forward.no_b1": "forward.no_b2", "forward.no_b2": "forward.no_b1",
    "forward.output_from_Z1": "forward.relu_hidden", "forward.relu_hidden": "forward.output_from_Z1",
    "forward.tanh_hidden": "forward.relu_hidden",
    "bce_loss.swapped": "bce_loss.log_a_twice", "bce_loss.log_a_twice": "bce_loss.swapped",
    "bce_loss.log_one_minus_a_twice": "bce_loss.swapped", "bce_loss.only_y_term": "bce_loss.log_a_twice",
    "bce_loss.no_minus": "bce_loss.swapped", "bce_loss.log10": "bce_loss.no_minus",
    "bce_loss.eps_too_large": "bce_loss.eps_added", "bce_loss.eps_added": "bce_loss.eps_too_large",
    "backward.squared_error": "generic.sign", "backward.no_slope": "backward.sigmoid_as_slope",
    "backward.sigmoid_as_slope": "backward.no_slope", "backward.slope_of_A1": "backward.sigmoid_as_slope",
    "backward.tanh_slope": "backward.slope_of_A1", "backward.bias_axis_0": "backward.bias_sum_all",
    "backward.bias_sum_all": "backward.bias_axis_0",
    "update.uphill": "update.no_lr", "update.not_updated": "update.no_lr", "update.no_lr": "update.uphill",
    "relu.min": "relu.abs", "relu.abs": "relu.min", "relu.slope": "relu.abs",
    "relu_prime.is_relu": "relu_prime.inverted", "relu_prime.inverted": "relu_prime.is_relu",
    "relu_prime.sigmoid_slope": "relu_prime.is_relu",
    "forward_deep.relu_at_output": "forward_deep.no_output_sigmoid",
    "forward_deep.no_output_sigmoid": "forward_deep.relu_at_output",
    "forward_deep.sigmoid_hidden": "forward_deep.relu_at_output", "deep.depth_2": "forward_deep.sigmoid_hidden",
    "backward_deep.sigmoid_prime_in_relu_layer": "backward_deep.sigmoid_slope_from_A",
    "backward_deep.sigmoid_slope_from_A": "backward_deep.sigmoid_prime_in_relu_layer",
    "backward_deep.no_relu_slope": "backward_deep.sigmoid_prime_in_relu_layer",
    "backward_deep.output_slope": "backward_deep.no_relu_slope",
    "backward_deep.dW_off_by_one": "backward_deep.no_relu_slope",
    "state.not_updated": "state.unused_changed", "state.unused_changed": "state.not_updated",
    "step.betas_swapped": "step.adam_no_bias_correction", "step.momentum_cs231n": "step.momentum_no_one_minus_beta1",
    "step.momentum_no_one_minus_beta1": "step.momentum_cs231n", "step.uses_gradient": "step.momentum_no_one_minus_beta1",
    "step.adam_no_bias_correction": "step.adam_t_after_use", "step.adam_t_after_use": "step.adam_no_bias_correction",
    "step.adam_eps_inside_sqrt": "step.rmsprop_eps_inside_sqrt", "step.rmsprop_eps_inside_sqrt": "step.adam_eps_inside_sqrt",
    "step.rmsprop_beta1": "step.rmsprop_eps_inside_sqrt",
    "preprocess.not_scaled": "preprocess.by_256", "preprocess.by_256": "preprocess.not_scaled",
    "preprocess.fortran": "preprocess.not_scaled", "preprocess.classes_reversed": "preprocess.fortran",
}


def named_words(mistake: str) -> str:
    """The longest fixed part of a catalogued mistake's words (the parts {filled in} vary)."""
    from checks.mistakes import CATALOGUE

    return max(re.split(r"\{[^}]*\}", CATALOGUE[mistake]), key=len).strip()


def test_every_named_mistake_is_planted_with_its_neighbour():
    """The rule of the catalogue, checked for completeness: no mistake is named without its two plants."""
    from checks.mistakes import CATALOGUE

    assert set(PLANTS) <= set(CATALOGUE), f"variants plant mistakes the catalogue lacks: {set(PLANTS) - set(CATALOGUE)}"
    assert set(CATALOGUE) == set(PLANTS), f"catalogued mistakes no variant plants: {sorted(set(CATALOGUE) - set(PLANTS))}"
    assert set(NEIGHBOURS) == set(CATALOGUE), sorted(set(CATALOGUE) ^ set(NEIGHBOURS))
    for mistake, neighbour in NEIGHBOURS.items():
        assert neighbour in PLANTS and neighbour != mistake, mistake
        assert named_words(mistake) not in CATALOGUE[neighbour], f"{mistake}'s words are part of {neighbour}'s"


@pytest.mark.parametrize("mistake", sorted(NEIGHBOURS))
@pytest.mark.parametrize("grader", ["full", "release"])
def test_named_mistake(grader, mistake, verdicts):
    """The planted mistake is named in its failure; its nearest neighbour's failure does not name it."""
    words = named_words(mistake).lower()
    planted = verdicts[grader, Variant(PLANTS[mistake]).name].result()
    neighbour = verdicts[grader, Variant(PLANTS[NEIGHBOURS[mistake]]).name].result()
    assert planted.returncode == 1 and neighbour.returncode == 1, (planted.stdout[-3000:], neighbour.stdout[-3000:])
    assert words in message_of(planted.stdout).lower(), \
        f"{PLANTS[mistake].name} is not named {words!r}:\n{planted.stdout[-3000:]}"
    assert words not in message_of(neighbour.stdout).lower(), \
        f"{PLANTS[NEIGHBOURS[mistake]].name} is named {words!r}, which is {mistake}:\n{neighbour.stdout[-3000:]}"
