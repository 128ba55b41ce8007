"""Hypothesis checks in a long-lived grading process: an exam's examples, drawn once.

A property check runs on its exam's examples (checks/reference.py `given`): hypothesis draws them
from the seed the exam gives the check (checks/exam.py), and nothing is judged while drawing, so
the examples depend on that seed and the check's example count alone. A process that grades one
submission after another (grade-class's runner, the test suite's catalogue runner) keeps them:
the next submission with the same exam runs the check on them directly, without hypothesis's
engine (most of a property check's time). Each submission of a class sits a secret exam of its
own, with seeds of its own, so nothing is shared between students; a submission graded again, and
every self-study grading, reuses them.

The verdict and the failure shown cannot differ: they are computed from the same examples, in the
same order, by the same rule. A fresh process (every `python -m checks`, every Gradescope run)
draws them itself. Only the trusted process keeps examples; learner code runs in the worker and
never sees this memory.
"""

import copy
from typing import Callable, Dict, List, Tuple

KEPT_PER_CHECK = 4  # exams whose examples a check keeps (the oldest goes first): a class's are all different

_kept: Dict[str, Dict[Tuple, List[dict]]] = {}  # check's qualified name -> {(its seed, count): examples}


def kept(check: str, exam: Tuple, draw: Callable[[], List[dict]]) -> List[dict]:
    """The examples of `check` on `exam` (its seed and count): drawn by `draw` the first time, then kept.
    Fresh copies each time: a check may change what it is given."""
    exams = _kept.setdefault(check, {})
    if exam not in exams:
        if len(exams) >= KEPT_PER_CHECK:
            del exams[next(iter(exams))]
        exams[exam] = draw()
    return copy.deepcopy(exams[exam])
