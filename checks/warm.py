"""Hypothesis checks in a long-lived grading process: a passing run's examples, replayed.

A grading process that grades one submission after another (grade-class's runner, the test
suite's catalogue runner) would have hypothesis draw the same examples for every submission:
with the grading profile (derandomized, no database) a check's examples depend only on its
strategies and on where it fails. So once a check has passed with hypothesis, this module
keeps the examples it drew, in order, and the next time runs the check on them directly,
without hypothesis's engine (most of a property check's time).

The verdict is hypothesis's own, always:
- every kept example passes: hypothesis, drawing the same examples in the same order, would
  have seen them all pass too, so the check passes;
- one fails: the check is run again by hypothesis from the start, which finds that failure
  (or an earlier one) and shrinks it, so the learner sees exactly the message their own
  `python -m checks` shows.

A fresh process (every `python -m checks`, every Gradescope run) has nothing kept and runs
hypothesis as always. In a secret exam (checks/exam.py) each submission's checks draw from a seed
of their own: what is kept is kept under that seed, so a student's draws are replayed only for the
same exam (the same file graded again), never for another student's. Only the trusted process keeps examples; learner code runs in the
worker and never sees this memory.
"""

import copy
from typing import Dict, List, Optional, Tuple

_kept: Dict[str, Tuple[Optional[int], List[dict]]] = {}  # check's qualified name -> (its seed, the examples
# of its last passing run)
_drawing: Optional[List[dict]] = None  # the examples of the run in progress


def drew(example: dict) -> None:
    """Called by the check (checks/reference.py `given`) with each example hypothesis gives it."""
    if _drawing is not None:
        _drawing.append(copy.deepcopy(example))  # before the check runs: it may change what it was given


def run(item) -> bool:
    """Run the hypothesis check `item` (a pytest Function), replaying its kept examples when it has
    some; raise what the check raises. False when `item` is not a hypothesis check."""
    global _drawing
    check = item.obj
    inner = getattr(getattr(check, "hypothesis", None), "inner_test", None)
    if not getattr(inner, "reports_draws", False):  # not a full grader's `given` check: hypothesis as always
        return False
    arguments = {name: item.funcargs[name] for name in item._fixtureinfo.argnames}
    key = f"{check.__module__}.{check.__qualname__}"
    # A secret exam seeds each submission's draws apart (checks/exam.py): the last passing run's examples
    # are replayed only for the same seed (the same exam), never for another student's.
    exam_seed = getattr(check, "_hypothesis_internal_use_seed", None)
    if key in _kept and _kept[key][0] == exam_seed:
        try:
            for example in _kept[key][1]:
                inner(**arguments, **copy.deepcopy(example))
            return True
        except Exception:
            pass  # hypothesis decides, below: the same failure, shrunk, as in a fresh process
    _drawing = []
    try:
        check(**arguments)
        if _drawing:
            _kept[key] = (exam_seed, _drawing)
    finally:
        _drawing = None
    return True
