"""What each guard of the trusted grader costs (issue: trusted grading, round two), call by call.

    python benchmarks/guard_costs.py [--runs 5] [--calls 300]

The guards added so that no verdict rests on what the worker says about itself, and their cost:

- the probes: after each call the worker also runs a function of ours that overflows or replaces a
  dict item (checks/remote.py `_Probes`): a call made through `invoke` (with its probe) against the
  same call made without one (`_call`);
- the callbacks: an earlier lesson's function is answered by the grader, not run in the worker
  (`_serve_callback`): a learner function that calls lesson 1's `sigmoid` against one that computes
  the same value itself;
- the shared inputs: arrays go through a file the grader writes and reads back after every call
  (`_SharedInputs`): the grader's side (place + read back) for a small input and for lesson 4's
  784-32-1 network, timed in this process;
- time by difference (`time_calls`): the wall time of timing one call;
- a fresh confined worker per lesson (seccomp, IPC namespace, Landlock, its own user where root):
  starting one and loading lessons 1-2 into it.

Each figure is the median over `--runs` runs of the mean of `--calls` calls (worker start: the
median of `--runs` starts), on this machine. A call's floor (a round trip that moves no array) is
given beside them, so each guard's share of a call can be read off.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_FUNCTIONS = '''

def bench_noop():
    return 0.0


def bench_local(z):
    return 1.0 / (1.0 + np.exp(-z))


def bench_callback(z):
    return sigmoid(z)
'''


def _course(folder: Path) -> Path:
    """A lessons folder: the reference as the learner's files, lesson 2 with the benchmark's functions."""
    lessons = folder / "lessons"
    shutil.copytree(ROOT / "solutions", lessons, ignore=shutil.ignore_patterns("__pycache__", "mistakes.py"))
    (lessons / "__init__.py").write_text("")
    forward = lessons / "lesson02_forward.py"
    forward.write_text(forward.read_text() + BENCH_FUNCTIONS)
    return lessons


def _per_call(function, calls: int, runs: int) -> float:
    """Median over `runs` of the mean seconds of `calls` calls of `function()`."""
    means = []
    for _ in range(runs):
        started = time.perf_counter()
        for _ in range(calls):
            function()
        means.append((time.perf_counter() - started) / calls)
    return statistics.median(means)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="guard-costs-"))
    os.environ["CHECKS_LESSONS"] = str(_course(folder))
    from checks import remote
    from checks.course import LESSONS
    from checks.remote import _SharedInputs, open_lesson

    lesson2 = LESSONS[1]
    learner = open_lesson(lesson2)
    z = np.linspace(-3, 3, 32).reshape(32, 1)
    module = learner.module
    rows = []
    try:
        floor = _per_call(lambda: learner._call(module, "bench_noop", [], {}), args.calls, args.runs)
        bare = _per_call(lambda: learner._call(module, "bench_local", [z], {}), args.calls, args.runs)
        probed = _per_call(lambda: learner.invoke("bench_local", [z], {}), args.calls, args.runs)
        called_back = _per_call(lambda: learner.invoke("bench_callback", [z], {}), args.calls, args.runs)
        timing = _per_call(lambda: learner.time_calls([[module, "bench_local", [z], {}]]), 10, args.runs)
        rows += [("a round trip that moves no array (the floor)", floor),
                 ("a call with one 32x1 array, no probe", bare),
                 ("probe after the call (invoke - the call without it)", probed - bare),
                 ("callback: lesson 1's sigmoid answered by the grader (minus computing it in the worker)",
                  called_back - probed),
                 ("time_calls of one call (1 + 3 + 3 requests)", timing)]
    finally:
        learner.worker.stop()

    shared = _SharedInputs(tempfile.mkdtemp(prefix="guard-costs-inputs-", dir=folder))
    rng = np.random.default_rng(0)
    network = [rng.standard_normal((784, 1)), np.ones((1, 1)),
               {"W1": rng.standard_normal((32, 784)), "b1": np.zeros((32, 1)),
                "W2": rng.standard_normal((1, 32)), "b2": np.zeros((1, 1))}]

    def round_trip(inputs):
        _, _, _, placed = shared.place(inputs, {})
        shared.changed(placed)

    rows += [("shared inputs, grader side: one 32x1 array", _per_call(lambda: round_trip([z]), args.calls, args.runs)),
             ("shared inputs, grader side: lesson 4's X, Y and 784-32-1 parameters",
              _per_call(lambda: round_trip(network), args.calls, args.runs))]
    shared.close()

    starts = []
    for _ in range(args.runs):
        started = time.perf_counter()
        learner = open_lesson(lesson2)
        starts.append(time.perf_counter() - started)
        learner.worker.stop()
    rows.append(("a fresh confined worker with lessons 1-2 loaded", statistics.median(starts)))
    remote.end_workers()
    shutil.rmtree(folder, ignore_errors=True)

    print(f"| guard | cost (median of {args.runs} runs) |\n|---|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds * 1e6:,.0f} µs |")


if __name__ == "__main__":
    main()
