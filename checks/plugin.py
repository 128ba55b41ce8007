"""The pytest plugin inside a lesson's grading process: each check's verdict, as it happens.

`python -m checks` runs one lesson's checks per process with `-p checks.plugin` and hands
it the write end of a pipe ($CHECKS_RESULTS_FD; where a platform cannot pass a pipe, a
file, $CHECKS_RESULTS). Each finished check writes one JSON line there at once, so what
was reported survives a crash later in the run; the grader treats a check with no line
as failed. Learner code never runs in this process (it runs in the worker, which is
given neither the pipe nor its name), so it cannot write here. A failure that carries
its call also gets a replay script.
"""

import json
import os

import pytest

from . import remote, sandbox
from .deadline import CheckTimedOut
from .failure import CheckFailure, NotStarted
from .replay import write_replay

_channel = None


def _write(record: dict) -> None:
    global _channel
    if _channel is None:
        if os.environ.get("CHECKS_RESULTS_FD"):
            _channel = os.fdopen(int(os.environ["CHECKS_RESULTS_FD"]), "w", encoding="utf-8")
        elif os.environ.get("CHECKS_RESULTS"):
            _channel = open(os.environ["CHECKS_RESULTS"], "a", encoding="utf-8")
        else:
            return
    _channel.write(json.dumps(record) + "\n")
    _channel.flush()


def pytest_sessionstart(session):
    notes = sandbox.weakened()
    if notes:
        _write({"isolation": notes})


def pytest_runtest_logreport(report):
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
    path, _, name = report.nodeid.partition("::")  # the check file's, even for a wrapped check
    _write({"module": os.path.basename(path).removeprefix("test_").removesuffix(".py"),
            "name": name.split("[")[0], "status": status, "message": message,
            "seconds": round(report.duration, 3), "replay": getattr(report, "_checks_replay", None)})


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
    """Nothing the worker started outlives this process's report (the zygote ends with the process:
    a long-lived one keeps it for its next session)."""
    global _channel
    remote.end_workers()
    if _channel is not None:
        _channel.close()
        _channel = None  # a long-lived process's next session opens its own
