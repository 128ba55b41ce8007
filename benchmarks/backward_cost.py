"""What a backward pass costs in forward passes, timed as lessons 4 and 8's cost checks time it (checks/cost.py).

    CHECKS_LESSONS=solutions python benchmarks/backward_cost.py 4 --runs 20
    CHECKS_LESSONS=path/to/lessons python benchmarks/backward_cost.py 8

Opens the lesson in a worker as the grader does, then `--runs` times: the forward pass three times
(the fastest counts) and the backward pass once, each with time.perf_counter around the whole call
on the grader's side, on the check's network (784-32-1, or 784-64-32-1 for lesson 8) and 64 examples.
Prints the forward and backward milliseconds and their ratio (min, median, max); the check fails a
round whose ratio is above cost.MAX_FORWARDS. The figures of docs/grader.md ("What a backward pass
may cost") were measured with it. Without a check's clock a call may take up to 300 s, so a
finite-difference backward pass is measured to the end.
"""

import argparse
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checks import cost, reference, remote  # noqa: E402
from checks.course import find_lesson  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lesson", choices=["4", "8"])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    lesson = find_lesson(args.lesson)
    learner = remote.open_lesson(lesson)
    reference.grading(lesson, learner)
    forward, backward, _, _ = cost.backprop_timers(learner)
    rows = []
    for _ in range(args.runs):
        fastest = min(forward() for _ in range(cost.FORWARD_REPEATS))
        rows.append((fastest, backward()[0]))
    learner.worker.stop()
    forward_s, backward_s = np.array(rows).T
    ratio = backward_s / forward_s
    spread = lambda values, scale=1.0: "/".join(f"{v * scale:.2f}" for v in (values.min(), np.median(values), values.max()))  # noqa: E731
    print(f"lesson {lesson.number}, {os.environ.get('CHECKS_LESSONS', 'lessons')}, {args.runs} runs, load "
          f"{os.getloadavg()[0]:.1f}: forward ms {spread(forward_s, 1e3)}; backward ms {spread(backward_s, 1e3)}; "
          f"ratio (min/median/max) {spread(ratio)}; the bar {cost.MAX_FORWARDS}")


if __name__ == "__main__":
    main()
