"""Whether a learner's call left NumPy's global random state alone, judged from values by the grader.

A learner who seeds `np.random` (np.random.seed(seed), then np.random.randn) gets the same numbers as
one who uses a generator of their own, np.random.RandomState(seed): the values cannot tell them apart.
What tells them apart is the global state after the call. So a probe module, the grader's own few
lines and no lesson's, is loaded into the learner's worker: it seeds the global state with a number
chosen here, the learner's function runs, and the probe draws from the global state. The grader
draws the same numbers from a RandomState of its own: any difference means the call seeded the
global state or drew from it. The worker only hands back the numbers; the verdict is taken here.
"""

from typing import Any, Callable, Tuple

import numpy as np

from .failure import Call, CheckFailure
from .loading import Module
from .remote import LearnerModule

PROBE_PACKAGE, PROBE_MODULE = "global_random_probe", "probe"
PROBE_SOURCE = '''"""The grader's probe of NumPy's global random state (not a lesson)."""
import numpy as np


def seed(value):
    np.random.seed(value)


def draw(n):
    return np.random.random_sample(n)
'''
PROBE_SEED, PROBE_DRAWS = 20_201, 8


def _probe(learner: LearnerModule) -> LearnerModule:
    """The probe, in the package of its own in the learner's worker (loaded on first use)."""
    learner.worker.packages.setdefault(
        PROBE_PACKAGE, [Module(PROBE_MODULE, "the grader's probe of np.random", PROBE_SOURCE, False)])
    return LearnerModule(learner.worker, PROBE_PACKAGE, PROBE_MODULE, learner.lesson)


def leaves_global_random_alone(learner: LearnerModule, learners_call: Callable[[], Any]) -> Tuple[Any, bool]:
    """(what `learners_call()` returned, whether NumPy's global random state was the same after it).

    `learners_call` makes one call into `learner`'s worker (compare.call); the global state is set
    just before it and read just after it, in that worker.
    """
    probe = _probe(learner)
    probe.invoke("seed", [PROBE_SEED], {})
    result = learners_call()
    drawn, _, _ = probe.invoke("draw", [PROBE_DRAWS], {})
    expected = np.random.RandomState(PROBE_SEED).random_sample(PROBE_DRAWS)  # exam: not an input (the grader's own comparison)
    return result, isinstance(drawn, np.ndarray) and np.array_equal(drawn, expected)


def expect_untouched(untouched: bool, function: str, the_call: Call) -> None:
    """Fail, saying why it matters, when `function`'s call changed NumPy's global random state."""
    if not untouched:
        raise CheckFailure(f"{function} changed NumPy's global random state (np.random.seed, or a draw from "
                           "np.random): every other random draw of your program changes with it", call=the_call,
                           mistake="draw from a generator of your own, rng = np.random.default_rng(seed), then "
                                   "rng.standard_normal(...): it leaves np.random alone")
