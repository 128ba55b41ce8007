"""Each check's time limit: the clock the grader keeps while the worker runs the learner's code.

A check starts its clock (`start`); every call into the worker waits at most `remaining()`
seconds for the answer (checks/remote.py), and a call that runs out ends the worker and
raises CheckTimedOut. It is a BaseException on purpose: hypothesis catches Exception (and
pytest's own failures), treats them as a failing example and runs the code again to
shrink it, which with an endless loop would never end. CheckTimedOut passes straight
through, and the function's later calls fail at once with it.
"""

import time
from typing import Optional

_deadline: Optional[float] = None
_seconds: float = 0.0


class CheckTimedOut(BaseException):
    """The check ran out of time inside the learner's code."""


def start(seconds: float) -> None:
    global _deadline, _seconds
    _deadline, _seconds = time.monotonic() + seconds, seconds


def stop() -> None:
    global _deadline
    _deadline = None


def remaining() -> Optional[float]:
    """Seconds left on the running check's clock (None when no clock runs)."""
    return None if _deadline is None else _deadline - time.monotonic()


def timed_out_message() -> str:
    return (f"timed out after {_seconds:g} s: the code ran too long (an endless loop, or far too slow); "
            "its other checks are not run")
