"""Grading a generated class with `python -m checks grade-class`: throughput, time and memory.

    python benchmarks/grade_class.py                  # 200 submissions, --jobs 2, then one at a time
    python benchmarks/grade_class.py --students 20    # a quick look

The class mixes, in turn: fully solved submissions, the pristine stubs, one wrong lesson (a
different lesson each time), a hostile one (an endless loop, a print flood, a crash) and a
cheating one (forged records, a patched numpy, a daemon; from tests/cheats). It is graded
once with `--jobs` (default: the number of cores) and once with `--jobs 1` (one submission
at a time); the two grades.csv must be identical. Reports: wall time, submissions per
minute (all and fully solved), and the peak resident memory of the whole command tree (GNU
time's maximum resident set size of the largest process is not the tree's: this samples the
sum over the tree every 0.2 s).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from grader_support import SOLUTIONS, STUBS, first_in, solution  # noqa: E402

KINDS = ("solved", "stubs", "wrong", "hostile", "cheat")
WRONG = {1: ("sigmoid_prime", "return sigmoid(z)"), 2: ("forward", "params = {**params, 'b1': 0 * params['b1']}"),
         3: ("bce_loss", "Y = 1 - Y"), 4: ("backward", "X = 2 * X"), 5: ("update", "lr = -lr"),
         6: ("train", "epochs = 1"), 7: ("accuracy", "return 0.5")}
HOSTILE = [(3, "bce_loss", "while True:\n    pass"), (7, "accuracy", "print('flood ' * 10 ** 6)"),
           (1, "sigmoid_prime", "import ctypes\nctypes.string_at(0)")]


def make_class(folder: Path, students: int, kinds=KINDS) -> Path:
    cheats = sorted((ROOT / "tests" / "cheats").glob("l1_*.py"))
    for index in range(students):
        kind = kinds[index % len(kinds)]
        student = folder / f"student{index:03d}"
        student.mkdir(parents=True)
        for path in (STUBS if kind == "stubs" else SOLUTIONS).glob("lesson0*.py"):
            shutil.copy(path, student / path.name)
        if kind == "wrong":
            number = index // len(KINDS) % 7 + 1
            function, code = WRONG[number]
            target = next(student.glob(f"lesson0{number}_*.py"))
            target.write_text(first_in(number, function, code))
        elif kind == "hostile":
            number, function, code = HOSTILE[index // len(KINDS) % len(HOSTILE)]
            next(student.glob(f"lesson0{number}_*.py")).write_text(first_in(number, function, code))
        elif kind == "cheat":
            cheat = cheats[index // len(KINDS) % len(cheats)]
            (student / "lesson01_sigmoid.py").write_text((STUBS / "lesson01_sigmoid.py").read_text()
                                                         + "\nimport numpy as np\n" + cheat.read_text())
    return folder


def tree_memory(root: int) -> int:
    """Resident bytes of `root` and every process below it (Linux /proc)."""
    children, rss = {}, {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
                rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                pass
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def grade(submissions: Path, out: Path, jobs: int):
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "checks", "grade-class", str(submissions), "--out", str(out),
                                "--jobs", str(jobs)], cwd=out.parent, stdout=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_memory(process.pid))
        time.sleep(0.2)
    return time.perf_counter() - started, peak, (out / "grades.csv").read_text()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=200, help="submissions in the mixed class")
    parser.add_argument("--solved", type=int, default=24, help="submissions in the all-solved class")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    options = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="grade-class-bench-"))
    try:
        rows = []
        mixed = make_class(scratch / "mixed", options.students)
        csvs = {}
        for jobs in (options.jobs, 1):
            seconds, peak, csvs[jobs] = grade(mixed, scratch / f"out-mixed-{jobs}", jobs)
            rows.append(("mixed", options.students, jobs, seconds, peak))
        solved = make_class(scratch / "solved", options.solved, kinds=("solved",))
        seconds, peak, _ = grade(solved, scratch / "out-solved", options.jobs)
        rows.append(("all solved", options.solved, options.jobs, seconds, peak))
        print("| class | submissions | --jobs | wall time (s) | submissions a minute | peak memory of the tree (MiB) |")
        print("|---|---:|---:|---:|---:|---:|")
        for kind, count, jobs, seconds, peak in rows:
            print(f"| {kind} | {count} | {jobs} | {seconds:.1f} | {60 * count / seconds:.1f} | {peak / 1024 ** 2:.0f} |")
        print(f"identical grades.csv with --jobs {options.jobs} and --jobs 1: {csvs[options.jobs] == csvs[1]}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
