"""How long `python -m checks` takes, this checkout beside an earlier commit, measured in turns.

    python benchmarks/grader_speed.py                   # this checkout alone
    python benchmarks/grader_speed.py --before 30067b6  # and that commit, run by run in turns

For each command (the pristine stubs; the solved course, lessons 1-7; the solved course with
part two, a bare `python -m checks` on lessons 1-10; each of lessons 1-7 alone) it times `--runs`
runs of the real command in a fresh course copy (the reference solutions as the learner's
lessons), alternating between the two versions so that both meet the same load, and prints the
median and every run, and the median CPU seconds of the whole process tree, as a Markdown table ("-" where a version has no part two). The earlier
commit is checked out with `git worktree` into a temporary folder; nothing of this checkout
changes. The command runs in a learner's environment: bytecode is cached as usual.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PART_ONE = [str(number) for number in range(1, 8)]


def course(folder: Path, source: Path, solved: bool, part_two: bool = False) -> Path:
    """A course copy: lessons/ with the stubs of `source`, or its solutions as the learner's files
    (lessons 8-10 too with `part_two`)."""
    lessons = folder / "lessons"
    part_two_files = () if part_two else ("lesson08*", "lesson09*", "lesson10*")
    shutil.copytree(source / ("solutions" if solved else "lessons"), lessons,
                    ignore=shutil.ignore_patterns("__pycache__", *part_two_files))
    if solved:
        (lessons / "__init__.py").write_text("")
    return folder


def timed(version: Path, folder: Path, args) -> float:
    """The wall seconds of one run; its CPU seconds (user + system, the whole process tree) go to CPU."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("CHECKS_") and key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(version)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "checks", *args], cwd=folder, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return seconds


CPU: list = []  # the CPU seconds of each timed run, in order (a busy machine inflates wall time far more)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", metavar="REV", help="an earlier commit to measure beside this checkout")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="grader-speed-"))
    versions = {"now": ROOT}
    if options.before:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(scratch / "before"),
                        options.before], check=True, capture_output=True)
        versions = {"before": scratch / "before", "now": ROOT}
    commands = [("pristine stubs", False, [], False), ("solved course, lessons 1-7", True, PART_ONE, False),
                ("solved course and part two, lessons 1-10", True, [], True)]
    commands += [(f"lesson {number} alone (solved)", True, [number], False) for number in PART_ONE]
    try:
        rows = []
        for label, solved, args, part_two in commands:
            able = {name: version for name, version in versions.items()
                    if not part_two or (version / "solutions" / "lesson10_deeper.py").exists()}
            folders = {name: course(scratch / f"{name}-{len(rows)}", version, solved, part_two)
                       for name, version in able.items()}
            for name in able:  # one untimed run each: bytecode and caches are warm for both
                timed(able[name], folders[name], args)
            runs = {name: [] for name in able}
            cpu = {name: [] for name in able}
            for _ in range(options.runs):
                for name, version in able.items():
                    runs[name].append(timed(version, folders[name], args))
                    cpu[name].append(CPU[-1])
            rows.append((label, runs, cpu))
            print(f"{label}: " + ", ".join(f"{name} {statistics.median(times):.2f} s" for name, times in runs.items()),
                  file=sys.stderr)
        print("| command | " + " | ".join(f"{name}: median (runs, s) | {name}: CPU s" for name in versions) + " |")
        print("|---|" + "---|---|" * len(versions))
        for label, runs, cpu in rows:
            cells = [f"{statistics.median(runs[name]):.2f} ({' '.join(f'{t:.2f}' for t in runs[name])}) | "
                     f"{statistics.median(cpu[name]):.2f}" if name in runs else "- | -" for name in versions]
            print(f"| {label} | " + " | ".join(cells) + " |")
    finally:
        if options.before:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(scratch / "before")],
                           capture_output=True)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
