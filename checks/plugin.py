"""The pytest plugin inside a grading subprocess: each check's verdict, as it happens.

`python -m checks` runs one lesson's checks per subprocess with `-p checks.plugin` and
$CHECKS_RESULTS naming a file. Each finished check appends one JSON line there at
once, so what was reported survives a crash later in the run; the parent treats a
check with no line as failed. A failure that carries its call also gets a replay
script.
"""

import json
import os
import sys

import pytest

from .deadline import CheckTimedOut
from .failure import CheckFailure, NotStarted
from .replay import write_replay


def pytest_runtest_logreport(report):
    path = os.environ.get("CHECKS_RESULTS")
    if not path:
        return
    failed_setup = report.when == "setup" and not report.passed
    if not (report.when == "call" or failed_setup):
        return
    error = getattr(report, "_checks_error", None)
    if report.passed:
        status, message = "passed", ""
    elif isinstance(error, NotStarted):
        status, message = "not started", str(error)
    else:
        status, message = "failed", _message(report, error)
    record = {"name": report.location[2].split("[")[0], "status": status, "message": message,
              "seconds": round(report.duration, 3), "replay": getattr(report, "_checks_replay", None)}
    with open(path, "a", encoding="utf-8") as results:
        results.write(json.dumps(record) + "\n")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep the exception itself on the report, and write a replay script for it."""
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is None:
        return
    error = call.excinfo.value
    report._checks_error = error
    if isinstance(error, CheckFailure) and error.call is not None:
        report._checks_replay = write_replay(item.name, error)


def _message(report, error) -> str:
    if isinstance(error, (CheckFailure, CheckTimedOut)):
        return str(error)
    text = str(report.longrepr) if report.longrepr else "failed"
    # An error in the checks themselves: show its last line, never the whole traceback.
    lines = [line for line in text.splitlines() if line.strip()]
    return f"the check itself failed unexpectedly: {lines[-1].strip() if lines else 'no message'}"


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """In a grading subprocess, end the process now: a thread the learner's code started
    and never stopped would otherwise keep it alive after every check has reported."""
    if os.environ.get("CHECKS_RESULTS"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(getattr(config, "_checks_exit", 0))


def pytest_sessionfinish(session, exitstatus):
    session.config._checks_exit = int(exitstatus)
