"""pytest wiring for the checks: the grading profile, the learner's lesson, clean messages.

Each check file sets `LESSON` and marks each check with the functions it grades,
`@pytest.mark.grades("backward")`. The `learner` fixture is the learner's lesson loaded in
a worker process of its own (earlier lessons from the reference): the checks call into
it with `compare.call` and never hold the learner's code. A check whose functions are
still stubs is reported "not started" without running.
"""

import os

import pytest
from hypothesis import HealthCheck, Phase, settings

from . import deadline, exam, reference, sandbox
from .failure import CheckFailure, NotStarted
from .loading import LessonLoadError, shown_path
from .remote import open_lesson, prestart
from .stubs import missing_function_message, not_started_message

# One profile for grading: the same code always gets the same verdict and message. A property
# check's examples are drawn with the seed its exam gives it (checks/exam.py, checks/reference.py `given`).
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
    config.addinivalue_line("markers", "reference: the check compares values with the reference (or numerical "
                                       "gradients); a function's other checks count only when these pass")
    config.addinivalue_line("markers", "chain: the check runs the learner's own earlier lessons too")
    config.addinivalue_line("markers", "time_limit(seconds): this check's own time limit")
    # Libraries' deprecation notices are not the learner's business.
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning")
    sandbox.protect_grader()
    if os.environ.get("CHECKS_LESSONS"):  # grading: the worker's start overlaps the checks' collection
        prestart()


@pytest.fixture(autouse=True)
def _sit_exam(request):
    """The check's inputs come from its lesson's exam (checks/exam.py)."""
    exam.sit(request.module.LESSON.module)


@pytest.fixture(autouse=True)
def _time_limit(request):
    """Start the check's clock: $CHECKS_TIMEOUT seconds (default 10), or its time_limit mark."""
    marker = request.node.get_closest_marker("time_limit")
    deadline.start(float(marker.args[0]) if marker else float(os.environ.get("CHECKS_TIMEOUT", 10)))
    yield
    deadline.stop()


def pytest_unconfigure(config):
    reference.finish_recording()  # building a student release: what the reference answered


@pytest.fixture(scope="module")
def learner(request):
    """The learner's lesson (a remote.LearnerModule) for the check file's LESSON, in its own worker."""
    reference.grading(request.module.LESSON, None)
    try:
        module = open_lesson(request.module.LESSON)
    except LessonLoadError as error:
        raise CheckFailure(str(error)) from None
    except deadline.CheckTimedOut as error:
        raise CheckFailure(f"importing {shown_path(request.module.LESSON)} {error}") from None
    reference.grading(request.module.LESSON, module)
    yield module
    module.worker.stop()  # the worker and all it started are gone before this lesson reports


@pytest.fixture(autouse=True)
def _functions_written(request):
    """Stop a check early, as 'not started' or 'missing', when its functions are not written."""
    blocked = os.environ.get("CHECKS_CHAIN_BLOCKED")
    if blocked and (request.node.get_closest_marker("chain") or reference.mode() == "release"):
        raise CheckFailure(f"not run: {blocked}")
    marker = request.node.get_closest_marker("grades")
    if marker is None:
        return
    module = request.getfixturevalue("learner")
    lesson = request.module.LESSON
    for function in marker.args:
        if lesson.functions and function not in lesson.functions:
            continue  # a function of an earlier lesson, graded there
        if function in module.stubs:
            raise NotStarted(not_started_message(lesson, function))
        if not module.callable.get(function):
            source = module.worker.packages[module.package][-1].source  # the learner's file as graded
            raise CheckFailure(missing_function_message(lesson, function, source))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Show a check's own message, not a traceback or hypothesis's notes."""
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is not None and isinstance(call.excinfo.value, (CheckFailure, NotStarted)):
        report.longrepr = str(call.excinfo.value)
