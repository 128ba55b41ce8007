"""Each check's time limit, enforced around the learner's code.

A check starts its clock (`start`); every call into the learner's code runs under
`limit()`, which arms SIGALRM for the time left. Running out raises CheckTimedOut, a
BaseException on purpose: hypothesis catches Exception (and pytest's own failures),
treats them as a failing example and runs the code again to shrink it, which with an
endless loop would never end. CheckTimedOut passes straight through. (pytest-timeout
raises pytest's failure, which hypothesis does catch: that is why it is not used.)
A signal cannot interrupt one long NumPy call; the grader's wall-clock limit on the
whole lesson's process is the backstop for that.
"""

import signal
import time
from contextlib import contextmanager
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


def _expired(signum, frame):
    raise CheckTimedOut(f"timed out after {_seconds:g} s: the code ran too long (an endless loop, or far "
                        "too slow)")


@contextmanager
def limit():
    """Run the block under what is left of the check's time (no limit when none was started)."""
    if _deadline is None or not hasattr(signal, "setitimer"):
        yield
        return
    remaining = _deadline - time.monotonic()
    if remaining <= 0:
        _expired(None, None)
    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, remaining)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
