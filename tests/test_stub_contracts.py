"""The stubs state the contract, never the answer.

Each stub in lessons/ says what its function takes and returns; the formulas the learner
is asked to find are on no stub: not lesson 4's six backward lines (in any spacing, as code
or as math), not lesson 1's overflow-safe two-branch sigmoid, not lesson 6's training loop.
The detectors are proven on the answers themselves (the reference's code and the texts the
stubs used to carry), so a detector that finds nothing cannot pass for a clean stub.
"""

import ast
import re
from pathlib import Path

import pytest

from checks.course import LESSONS
from checks.stubs import stub_source
from grader_support import STUBS

ROOT = Path(__file__).resolve().parent.parent
CORE = [lesson for lesson in LESSONS if lesson.part == 1] if hasattr(LESSONS[0], "part") else list(LESSONS)


def normalise(text: str) -> str:
    """Lower case, no spaces, dict look-ups and NumPy spellings reduced to plain names.

    `(cache["A2"] - Y) / m`, `(A2 - Y)/m` and `(A_2 - Y) / m` all become `(a2-y)/m`;
    `dZ2 @ A1.T`, `dZ2 A1^T` and `np.dot(dZ2, A1.T)` all contain `dz2a1^t`.
    """
    text = text.lower()
    text = re.sub(r"""(?:cache|params|grads)\[\s*['"](\w+)['"]\s*\]""", r"\1", text)
    text = re.sub(r"np\.dot\(\s*([\w.^]+)\s*,\s*([\w.^]+)\s*\)", r"\1 \2", text)
    text = re.sub(r"\^\{\\top\}|\^\\top|\^\{\\mathsf\{t\}\}", "^t", text)
    text = re.sub(r"\\mathsf\{t\}|\\top|\^\{?t\}?|\.t\b|\.transpose\(\)", "^t", text)
    text = re.sub(r"np\.|numpy\.|\\left|\\right|\\,|\\big|\\odot|\\cdot", "", text)
    text = text.replace("_", "").replace("{", "").replace("}", "")
    text = re.sub(r"[\s@*·⊙]", "", text)
    return text


# (what the learner must find, a pattern of the normalised text that gives it away)
BACKWARD_ANSWERS = (
    ("dZ2 = (A2 - Y) / m", r"\(?a2-y\)?(/m|\\frac)|dz2=\(?a2-y|\\frac1m\(?a2-y"),
    ("dW2 = dZ2 A1^T", r"dz2a1\^t|dw2=\S*a1\^t"),
    ("db2 = the sum of dZ2 over the examples", r"dz2\.sum\(axis=1|sum\(dz2,axis=1|db2=\S*sum"),
    ("dZ1 = (W2^T dZ2) * sigma'(Z1)", r"w2\^tdz2|w2\^t\(a2-y\)|(sigmoidprime|sigma'|\\sigma')\(z1\)"),
    ("dW1 = dZ1 X^T", r"dz1x\^t|dw1=\S*x\^t"),
    ("db1 = the sum of dZ1 over the examples", r"dz1\.sum\(axis=1|sum\(dz1,axis=1|db1=\S*sum"),
)
SIGMOID_ANSWERS = (
    ("the z < 0 branch e^z / (1 + e^z)", r"e\^\(?z\)?/\(1\+e\^\(?z\)?\)|exp\(z\)/\(1\+exp\(z\)\)"),
    ("the two-branch choice on the sign of z", r"where\(z>=0|where\(z>0|where\(z<0|whenz>=0|whenz<0"),
    ("e / (1 + e) with e = exp(-|z|)", r"e/\(1\+e\)|exp\(-abs\(z\)\)/|exp\(-\|z\|\)/"),
)
LOOP_ANSWERS = (
    ("the loop over epochs", r"forepochinrange|repeatepochstimes|forepoch=1"),
    ("a permutation drawn each epoch", r"order=rng\.permutation|rng\.permutation\(m\)"),
    ("the loop over batches", r"forstartinrange\(0,m|range\(0,m,batchsize\)|foreachslice"),
)
ANSWERS = {"lesson01_sigmoid": SIGMOID_ANSWERS, "lesson04_backward": BACKWARD_ANSWERS,
           "lesson06_train": LOOP_ANSWERS}


def given_away(text: str, answers) -> list:
    flat = normalise(text)
    return [what for what, pattern in answers if re.search(pattern, flat)]


def solution_block(module: str) -> str:
    source = (ROOT / "solutions" / f"{module}.py").read_text()
    return "\n".join(re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", source, re.S))


# --- the detectors find the answers --------------------------------------------------------

@pytest.mark.parametrize("module", sorted(ANSWERS))
def test_the_detector_finds_the_reference_code(module):
    code = solution_block(module)
    found = given_away(code, ANSWERS[module])
    assert found, f"no answer of {module} found in its own solution"
    respaced = re.sub(r"\s*([-+*/@=(),])\s*", r"  \1  ", code)  # the same code in another spacing
    assert given_away(respaced, ANSWERS[module]) == found


def test_the_detector_finds_the_backward_formulas_in_any_form():
    old_stub = """
        dZ2 = (A2 - Y) / m                      (n_y, m)
        dW2 = dZ2 A1^T                          (n_y, n_h)
        db2 = sum of dZ2 over the examples      (n_y, 1)
        dZ1 = (W2^T dZ2) * sigma'(Z1)           (n_h, m)   elementwise *
        dW1 = dZ1 X^T                           (n_h, n_x)
        db1 = sum of dZ1 over the examples      (n_h, 1)
    """
    assert len(given_away(old_stub, BACKWARD_ANSWERS)) == 6
    numpy = ("dZ2=(cache['A2']-Y)/m; dW2=np.dot(dZ2, cache['A1'].T); db2=np.sum(dZ2, axis=1, keepdims=True)\n"
             "dZ1 = np.dot(params['W2'].T, dZ2) * sigmoid_prime(cache['Z1']); dW1 = np.dot(dZ1, X.T)\n"
             "db1 = np.sum(dZ1,axis=1,keepdims=True)")
    assert len(given_away(numpy, BACKWARD_ANSWERS)) == 6
    tex = r"dZ_2 = \frac{1}{m}(A_2 - Y), \quad dW_2 = dZ_2 \, A_1^{\top}, \quad dZ_1 = (W_2^{\top} dZ_2) \odot \sigma'(Z_1), \quad dW_1 = dZ_1 X^\top"
    assert len(given_away(tex, BACKWARD_ANSWERS)) >= 4


def test_the_detector_finds_the_old_sigmoid_recipe_and_loop():
    old_sigmoid = """
        sigma(z) = 1 / (1 + e^(-z))       when z >= 0
        sigma(z) = e^(z) / (1 + e^(z))    when z < 0
    """
    assert len(given_away(old_sigmoid, SIGMOID_ANSWERS)) == 2
    old_loop = """
        rng = np.random.default_rng(seed)
        repeat epochs times:
            order = rng.permutation(m)                  # a new shuffle each epoch
            for each slice of batch_size positions in order (the last may be shorter):
    """
    assert len(given_away(old_loop, LOOP_ANSWERS)) == 3


# --- the stubs give none away --------------------------------------------------------------

@pytest.mark.parametrize("lesson", CORE, ids=lambda lesson: lesson.module)
def test_no_stub_contains_an_answer(lesson):
    for path in (STUBS / lesson.filename, None):
        text = path.read_text() if path else stub_source(lesson)  # the shipped file and what reset restores
        found = given_away(text, ANSWERS.get(lesson.module, ()))
        assert not found, f"{lesson.filename} gives away: {found}"


@pytest.mark.parametrize("lesson", CORE, ids=lambda lesson: lesson.module)
def test_every_stub_states_a_contract_and_points_to_help(lesson):
    tree = ast.parse(stub_source(lesson))
    for function in lesson.functions:
        node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
        doc = ast.get_docstring(node) or ""
        assert len(doc) > 60, f"{function}: the docstring should state the contract"
        # not started: only the docstring and the raise (the scaffold comments are not code)
        body = node.body[1:]
        assert len(body) == 1 and isinstance(body[0], ast.Raise), function
    text = stub_source(lesson)
    if lesson.number <= 6:
        assert lesson.docs_page in text and f"python -m checks hint {lesson.number}" in text


def test_the_backward_stub_lays_out_the_steps_without_their_right_hand_sides():
    text = (STUBS / "lesson04_backward.py").read_text()
    for name in ("dZ2", "dW2", "db2", "dZ1", "dW1", "db1"):
        assert re.search(rf"^\s*#\s+{name} = \.\.\.", text, re.M), name


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.module)
def test_every_stub_that_speaks_of_np_imports_it(lesson):
    """A stub whose docstrings or steps use np. (lesson 4's np.sum(..., keepdims=True)) imports numpy
    as np, so the learner's first line of NumPy does not end in a NameError."""
    tree = ast.parse(stub_source(lesson))
    imported = any(isinstance(node, ast.Import) and any(alias.name == "numpy" and alias.asname == "np"
                                                          for alias in node.names) for node in tree.body)
    assert imported or "np." not in stub_source(lesson), f"{lesson.filename} uses np. but does not import numpy as np"
