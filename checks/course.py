"""The course in one table: every lesson's number, module, title, functions, points and page.

Everything else (the grader, the reports, the stubs, the hints, the docs links) reads
this table; a lesson is added or re-weighted here and nowhere else.
"""

import ast
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Tuple

CHECKS_DIR = Path(__file__).resolve().parent
SOLUTIONS_DIR = CHECKS_DIR.parent / "solutions"  # the reference; absent from a student release
STORE_DIR = CHECKS_DIR / "stored"  # the reference's answers, only in a student release


@dataclass(frozen=True)
class Lesson:
    number: int
    module: str  # the file name in lessons/ and solutions/, without .py
    title: str
    functions: Tuple[str, ...]  # what the learner writes, in the order to write them
    points: int
    part: int = 1  # 1: the core course (lessons 1-7, 100 points); 2: "Going further", optional

    @property
    def filename(self) -> str:
        return f"{self.module}.py"

    @property
    def slug(self) -> str:
        return self.module.split("_", 1)[1]  # "lesson04_backward" -> "backward"

    @property
    def docs_page(self) -> str:
        return f"docs/lessons/{self.number:02d}-{self.slug}.md"

    @property
    def check_file(self) -> Path:
        return CHECKS_DIR / f"test_{self.module}.py"

    @property
    def check_names(self) -> Tuple[str, ...]:
        """The names of this lesson's checks, in file order (read, not imported)."""
        return tuple(node.name for node in self._check_nodes())

    @property
    def chain_checks(self) -> Tuple[str, ...]:
        """The checks marked `@pytest.mark.chain`: they run the learner's earlier lessons too."""
        return tuple(node.name for node in self._check_nodes()
                     if any(ast.unparse(d).startswith("pytest.mark.chain") for d in node.decorator_list))

    @property
    def reference_checks(self) -> Tuple[str, ...]:
        """The checks marked `@pytest.mark.reference`: they compare values with the reference."""
        return tuple(node.name for node in self._check_nodes()
                     if any(ast.unparse(d) == "pytest.mark.reference" for d in node.decorator_list))

    @property
    def graded_functions(self) -> Dict[str, Tuple[str, ...]]:
        """Each check's `@pytest.mark.grades(...)` functions, by check name."""
        return {node.name: next((tuple(arg.value for arg in d.args) for d in node.decorator_list
                                 if isinstance(d, ast.Call) and ast.unparse(d.func) == "pytest.mark.grades"), ())
                for node in self._check_nodes()}

    def _check_nodes(self):
        return _check_functions(self.check_file)


@lru_cache(maxsize=None)
def _check_functions(path: Path):
    """The top-level `test_*` functions of a check file, parsed once per process."""
    if not path.exists():  # a lesson whose checks are not written yet
        return ()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return tuple(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"))


LESSONS = (
    Lesson(1, "lesson01_sigmoid", "The sigmoid and its slope", ("sigmoid", "sigmoid_prime"), 10),
    Lesson(2, "lesson02_forward", "Initialisation and the forward pass", ("init_params", "forward"), 15),
    Lesson(3, "lesson03_loss", "Binary cross-entropy", ("bce_loss",), 10),
    Lesson(4, "lesson04_backward", "Backpropagation", ("numerical_gradient", "backward"), 25),
    Lesson(5, "lesson05_update", "The gradient-descent step", ("update",), 10),
    Lesson(6, "lesson06_train", "The training loop", ("train",), 15),
    Lesson(7, "lesson07_classifier", "The 4-vs-5 classifier",
           ("preprocess", "train_test_split", "predict", "accuracy", "confusion_matrix",
            "precision_recall_f1"), 15),
    Lesson(8, "lesson08_deep", "ReLU and deeper networks",
           ("relu", "relu_prime", "init_deep", "forward_deep", "backward_deep"), 40, part=2),
    Lesson(9, "lesson09_optimizers", "Momentum, RMSProp and Adam", ("init_state", "step"), 35, part=2),
    Lesson(10, "lesson10_deeper", "The deeper network against the seed's", ("train_deep",), 25, part=2),
)


def find_lesson(key: str) -> Lesson:
    """A lesson by number ("4", "04"), slug ("backward"), module or function name.

    Raises KeyError with a one-line message listing what is accepted.
    """
    text = str(key).strip().lower()
    for lesson in LESSONS:
        if text.isdigit() and int(text) == lesson.number:
            return lesson
        if text in (lesson.slug, lesson.module, lesson.filename) or text in lesson.functions:
            return lesson
    choices = ", ".join(f"{l.number} ({l.slug})" for l in LESSONS)
    raise KeyError(f"no lesson called {key!r}: use a number or a name, one of {choices}")
