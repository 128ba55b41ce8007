"""The one result model every report is rendered from: checks, lessons, a whole grading."""

from dataclasses import dataclass, field
from typing import List, Optional

from .course import Lesson

PASSED, FAILED, NOT_STARTED = "passed", "failed", "not started"


@dataclass
class CheckResult:
    name: str  # the check function's name, e.g. "test_backward_gradient_check"
    status: str  # PASSED, FAILED or NOT_STARTED
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

    @property
    def points(self) -> float:
        return self.lesson.points * self.passed / len(self.checks) if self.checks else 0.0

    def check_points(self) -> float:
        """The points one check of this lesson is worth (the lesson's points shared equally)."""
        return self.lesson.points / len(self.checks) if self.checks else 0.0

    @property
    def first_failure(self) -> Optional[CheckResult]:
        return next((check for check in self.checks if check.status != PASSED), None)


@dataclass
class Grading:
    lessons: List[LessonResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def points(self) -> float:
        return sum(lesson.points for lesson in self.lessons)

    @property
    def max_points(self) -> int:
        return sum(lesson.lesson.points for lesson in self.lessons)

    @property
    def all_passed(self) -> bool:
        return all(lesson.status == "passing" for lesson in self.lessons)
