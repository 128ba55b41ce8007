"""Each check's time limit: a budget of time inside the learner's code, kept by the grader.

A check starts its clock (`start`). Each call of the learner's code is charged the grader's
own wall time from request to answer (`charge`: never a time the worker reports);
hypothesis's own work, the checks' reference values and the messages are not charged, so a
failing check can shrink its input on a busy machine without running out of time. Each call waits at most the budget left
plus a little slack for the trip through the pipe (checks/remote.py); a call that runs out
ends the worker and raises CheckTimedOut. It is a BaseException on purpose: hypothesis
catches Exception (and pytest's own failures), treats them as a failing example and runs
the code again to shrink it, which with an endless loop would never end. CheckTimedOut
passes straight through, and the function's later calls fail at once with it.
"""

import contextlib
import signal
import threading
from typing import Optional

SLACK = 1.0  # seconds a call may take beyond the budget left: the pipe, the worker's own work, a busy machine

_budget: Optional[float] = None
_seconds: float = 0.0


class CheckTimedOut(BaseException):
    """The check ran out of time inside the learner's code."""


def start(seconds: float) -> None:
    global _budget, _seconds
    _budget, _seconds = seconds, seconds


def stop() -> None:
    global _budget
    _budget = None


def remaining() -> Optional[float]:
    """Seconds of the learner's code the running check may still spend (None when no clock runs)."""
    return _budget


def charge(seconds: float) -> None:
    """Count `seconds` spent in the learner's code against the running check."""
    global _budget
    if _budget is not None:
        _budget -= max(0.0, float(seconds))


def timed_out_message() -> str:
    return (f"timed out after {_seconds:g} s: the code ran too long (an endless loop, or far too slow); "
            "its other checks are not run")


@contextlib.contextmanager
def interrupting(seconds: float):
    """Raise CheckTimedOut inside the block once `seconds` have passed (SIGALRM, in the main thread
    of a POSIX process): the trusted side's own work for a learner's call (the reference answering
    an earlier lesson's function) is bounded by the call's time too. Elsewhere it only checks at the end."""
    if seconds <= 0:
        raise CheckTimedOut(timed_out_message())
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum, frame):
        raise CheckTimedOut(timed_out_message())

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
