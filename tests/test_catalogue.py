"""The checks are right both ways: every planted mistake is rejected, every correct variant accepted.

Each file under tests/catalogue/wrong/ and tests/catalogue/right/ is one implementation a learner
might write: a docstring saying what it is, `LESSON = N`, optionally `EXPECT = "phrase"` (a phrase
the failure message must contain), and top-level functions (plus any imports or constants they
need) written as the learner would. The runner copies solutions/*.py into a fresh `lessons/`
package, splices the variant in (each top-level function or constant replaces the one of the same
name; imports are added after the module's own), and grades that one lesson with the real grader
in a subprocess:

    python -m pytest -q -p no:cacheprovider -x <checks>/test_<module>.py   (CHECKS_LESSONS=<tmp>/lessons)

`-x` stops at the first failure, which is the one `python -m checks N` explains to a learner, so
the function must be named there. A wrong variant must fail and name a function it replaced (test
names are struck out of the output first, so the name has to be in the message itself); a right
variant must pass. Subprocesses run two at a time (a lesson costs a few seconds, lesson 7 more).
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import checks
from checks.course import LESSONS

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
CATALOGUE = Path(__file__).resolve().parent / "catalogue"
CHECKS_DIR = Path(checks.__file__).resolve().parent
VARIANTS = sorted(CATALOGUE.glob("wrong/*.py")) + sorted(CATALOGUE.glob("right/*.py"))
METADATA = ("LESSON", "EXPECT", "XFAIL")  # the variant's own constants: never spliced
WORKERS = max(1, min(2, os.cpu_count() or 1))
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


def grade(variant: Variant, folder: Path) -> subprocess.CompletedProcess:
    lessons = plant(variant, folder)
    # installed pytest plugin costs a second a run) and one BLAS thread per process.
    env = dict(os.environ, CHECKS_LESSONS=str(lessons), PYTHONDONTWRITEBYTECODE="1",
               PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               MKL_NUM_THREADS="1", NO_COLOR="1")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "_hypothesis_pytestplugin",
               "-x", str(CHECKS_DIR / f"test_{variant.lesson.module}.py")]
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=TIMEOUT)


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
    """Grade every selected variant, WORKERS at a time; one future per variant name."""
    selected = [item.callspec.params["path"] for item in request.session.items
                if getattr(item, "callspec", None) and "path" in item.callspec.params
                and item.module.__name__ == __name__]
    pool = ThreadPoolExecutor(max_workers=WORKERS)
    futures = {}
    for path in sorted(selected, key=lambda path: Variant(path).lesson.number != 7):  # slowest first
        variant = Variant(path)
        folder = tmp_path_factory.mktemp(path.stem)
        futures[variant.name] = pool.submit(grade, variant, folder)
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


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
def test_variant(path, verdicts):
    variant = Variant(path)
    result = verdicts[variant.name].result()
    output = result.stdout + result.stderr
    shown = f"\n--- grader output for {variant.name} (exit {result.returncode}) ---\n{output[-4000:]}"
    if variant.kind == "right":
        assert result.returncode == 0, "a correct implementation was rejected" + shown
        return
    assert result.returncode == 1, "a wrong implementation was not rejected" + shown
    assert any(names_function(output, name, variant.lesson.functions) for name in variant.graded), \
        f"the failure output names neither {' nor '.join(variant.graded)}" + shown
    if variant.expect:
        assert variant.expect.lower() in message_of(output).lower(), f"the message lacks {variant.expect!r}" + shown
