"""The one result model every report is rendered from: checks, lessons, a whole grading.

Points are kept in hundredths: a lesson's points are shared among its checks in whole
hundredths, the remainder going to the first checks, so that the checks' points add up
to exactly the lesson's (15 points over 13 checks: five of 1.16 and eight of 1.15).
"""

from dataclasses import dataclass, field
from typing import List, Optional

from .course import Lesson

PASSED, FAILED, NOT_STARTED = "passed", "failed", "not started"
WAITING = "not counted yet"  # passed, but gated (see `gate`): no points, and never the first failure


@dataclass
class CheckResult:
    name: str  # the check function's name, e.g. "test_backward_gradient_check"
    status: str  # PASSED, FAILED, NOT_STARTED or WAITING
    message: str = ""  # why it failed, worded for the learner ("" when passed)
    seconds: float = 0.0
    replay: Optional[str] = None  # path of the script that replays the failure

    @property
    def title(self) -> str:
        return self.name.removeprefix("test_").replace("_", " ")


@dataclass
class LessonResult:
    lesson: Lesson
    checks: List[CheckResult]
    note: str = ""  # e.g. "fix lesson 1 first: 2 checks here depend on sigmoid, sigmoid_prime"
    seconds: float = 0.0

    @property
    def passed(self) -> int:
        return sum(check.status == PASSED for check in self.checks)

    @property
    def status(self) -> str:
        if all(check.status == NOT_STARTED for check in self.checks):
            return "not started"
        return "passing" if self.passed == len(self.checks) else "failing"

    isolation: List[str] = field(default_factory=list)  # guarantees this platform could not give

    @property
    def points(self) -> float:
        worth = check_hundredths(self.lesson.points, len(self.checks))
        return sum(cents for cents, check in zip(worth, self.checks) if check.status == PASSED) / 100

    def check_points(self) -> List[float]:
        """The points each check of this lesson is worth, in check order; they add up to the lesson's."""
        return [cents / 100 for cents in check_hundredths(self.lesson.points, len(self.checks))]

    @property
    def first_failure(self) -> Optional[CheckResult]:
        """The first check that really failed (or is unwritten); a check waiting for another is
        never it, since the one it waits for comes first."""
        return next((check for check in self.checks if check.status not in (PASSED, WAITING)), None)

    @property
    def waiting(self) -> List[CheckResult]:
        return [check for check in self.checks if check.status == WAITING]


@dataclass
class Grading:
    lessons: List[LessonResult] = field(default_factory=list)
    seconds: float = 0.0
    isolation: List[str] = field(default_factory=list)  # what learner code could still do here, if anything

    @property
    def points(self) -> float:
        return round(sum(lesson.points for lesson in self.lessons), 2)

    @property
    def max_points(self) -> int:
        return sum(lesson.lesson.points for lesson in self.lessons)

    @property
    def all_passed(self) -> bool:
        return all(lesson.status == "passing" for lesson in self.lessons)


def check_hundredths(points: int, n_checks: int) -> List[int]:
    """`points` shared among `n_checks` checks in whole hundredths, adding up exactly."""
    if n_checks == 0:
        return []
    share, remainder = divmod(points * 100, n_checks)
    return [share + (index < remainder) for index in range(n_checks)]


def gate(lesson: Lesson, checks: List[CheckResult]) -> List[CheckResult]:
    """A check that does not compare values counts only when every check of its function that
    does compare values (marked `reference`) passes: a constant, an identity or zeros of the
    right shape can satisfy a property or a robustness check, never the reference.
    """
    status = {check.name: check.status for check in checks}
    reference = set(lesson.reference_checks)
    functions = lesson.graded_functions
    gated = []
    for check in checks:
        if check.status == PASSED and check.name not in reference:
            failing = [name for name in reference if status.get(name) != PASSED
                       and set(functions.get(name, ())) & set(functions.get(check.name, ()))]
            if failing:
                first = next(name for name in status if name in failing)
                function = next(iter(set(functions[first]) & set(functions[check.name])))
                check = CheckResult(check.name, WAITING,
                                    f"not counted yet: this check passes, but it counts only once {function} gives "
                                    f"the reference's values (see '{first.removeprefix('test_').replace('_', ' ')}')",
                                    check.seconds, check.replay)
        gated.append(check)
    return gated
