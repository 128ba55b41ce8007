"""pytest wiring for the checks: the grading profile, the learner's module, clean messages.

Each check file sets `LESSON` and marks each check with the functions it grades,
`@pytest.mark.grades("backward")`. The `learner` fixture is the learner's module for
that lesson (earlier lessons from the reference); a check whose functions are still
stubs is reported "not started" without running.
"""

import os

import pytest
from hypothesis import HealthCheck, Phase, settings

from . import deadline
from .failure import CheckFailure, NotStarted
from .loading import LessonLoadError, is_stub, load_lesson
from .stubs import not_started_message

# One profile for grading: the same code always gets the same verdict and message.
settings.register_profile(
    "grading",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=40,
    print_blob=False,
    report_multiple_bugs=False,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
    suppress_health_check=list(HealthCheck),
)
settings.load_profile("grading")


def pytest_configure(config):
    config.addinivalue_line("markers", "grades(*functions): the learner's functions a check grades")
    config.addinivalue_line("markers", "chain: the check runs the learner's own earlier lessons too")
    config.addinivalue_line("markers", "time_limit(seconds): this check's own time limit")
    # Libraries' deprecation notices are not the learner's business.
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning")


@pytest.fixture(autouse=True)
def _time_limit(request):
    """Start the check's clock: $CHECKS_TIMEOUT seconds (default 10), or its time_limit mark."""
    marker = request.node.get_closest_marker("time_limit")
    deadline.start(float(marker.args[0]) if marker else float(os.environ.get("CHECKS_TIMEOUT", 10)))
    yield
    deadline.stop()


@pytest.fixture(scope="module")
def learner(request):
    """The learner's module for the check file's LESSON (imported under the time limit too)."""
    try:
        with deadline.limit():
            return load_lesson(request.module.LESSON)
    except LessonLoadError as error:
        raise CheckFailure(str(error)) from None


@pytest.fixture(autouse=True)
def _functions_written(request):
    """Stop a check early, as 'not started' or 'missing', when its functions are not written."""
    blocked = os.environ.get("CHECKS_CHAIN_BLOCKED")
    if blocked and request.node.get_closest_marker("chain"):
        raise CheckFailure(f"not run: {blocked}")
    marker = request.node.get_closest_marker("grades")
    if marker is None:
        return
    module = request.getfixturevalue("learner")
    lesson = request.module.LESSON
    for function in marker.args:
        if lesson.functions and function not in lesson.functions:
            continue  # a function of an earlier lesson, graded there
        if not callable(getattr(module, function, None)):
            raise CheckFailure(f"lessons/{lesson.filename} has no function {function}(): "
                               f"restore it from the stub (`python -m checks reset {lesson.number}`)")
        if is_stub(getattr(module, function)):
            raise NotStarted(not_started_message(lesson, function))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Show a check's own message, not a traceback or hypothesis's notes."""
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is not None and isinstance(call.excinfo.value, (CheckFailure, NotStarted)):
        report.longrepr = str(call.excinfo.value)
