"""Grading a generated class with `python -m checks grade-class`: throughput, time and memory.

    python benchmarks/grade_class.py                            # 24 solved, then 200 mixed: about an hour
    python benchmarks/grade_class.py --students 20 --runs 1    # a quick look

Every submission's files are its own (a comment names the student), as in a real class: each
sits a secret exam of its own (checks/exam.py), so nothing drawn for one is reused for another.
The mixed class holds, in turn: fully solved submissions, the pristine stubs, one wrong lesson (a
different lesson each time), a hostile one (an endless loop, a print flood, a crash) and a
cheating one (forged records, a patched numpy, a daemon; from tests/cheats). A second class
is all solved. Each class is graded with `--jobs` (default: the number of cores), and the
mixed one also with `--jobs 1` (one submission at a time); every grades.csv of a class must
be identical. Reports: wall time, submissions per minute, the core-seconds a submission costs
(the machine's busy CPU time from /proc/stat, all processes: run it on an otherwise idle
machine) and the peak resident memory of the whole command tree (GNU time's maximum resident
set size of the largest process is not the tree's: this samples the sum over the tree every
0.2 s).

Each grading with `--jobs` runs `--runs` times (default 3) and the table gives the median with
the range of the runs beside it: this 2-core VM's speed drifts by a third from minute to minute.
The one-at-a-time grading of the mixed class (about 17 minutes on 2 cores) runs
`--serial-runs` times (default 1).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from grader_support import SOLUTIONS, STUBS, first_in  # noqa: E402

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
        for path in student.glob("lesson0*.py"):  # each student's own files, so each sits an exam of its own
            path.write_text(path.read_text() + f"\n# {student.name}\n")
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


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (not idle, not waiting on I/O) since boot (Linux)."""
    ticks = [int(field) for field in open("/proc/stat").readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def grade(submissions: Path, out: Path, jobs: int):
    """(wall seconds, peak tree memory, busy CPU seconds, grades.csv) of one fresh grade-class."""
    shutil.rmtree(out, ignore_errors=True)
    busy, started = busy_seconds(), time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "checks", "grade-class", str(submissions), "--out", str(out),
                                "--jobs", str(jobs)], cwd=out.parent, stdout=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_memory(process.pid))
        time.sleep(0.2)
    return time.perf_counter() - started, peak, busy_seconds() - busy, (out / "grades.csv").read_text()


def measure(kind: str, submissions: Path, count: int, jobs: int, runs: int, csvs: list) -> tuple:
    """The table's row for `runs` gradings of `submissions`: medians, with the range of the runs."""
    walls, peaks, busies = [], [], []
    for run in range(runs):
        wall, peak, busy, csv = grade(submissions, submissions.parent / f"out-{kind}-{jobs}", jobs)
        walls.append(wall), peaks.append(peak), busies.append(busy), csvs.append(csv)
        print(f"  {kind}, --jobs {jobs}, run {run + 1}/{runs}: {wall:.1f} s, {60 * count / wall:.1f} a minute, "
              f"{busy / count:.1f} core-s a submission", file=sys.stderr, flush=True)
    wall = statistics.median(walls)
    spread = f" ({min(walls):.0f}-{max(walls):.0f})" if runs > 1 else ""
    rate = f"{60 * count / wall:.1f}" + (f" ({60 * count / max(walls):.1f}-{60 * count / min(walls):.1f})"
                                          if runs > 1 else "")
    return (kind, count, jobs, runs, f"{wall:.0f}{spread}", rate, f"{statistics.median(busies) / count:.1f}",
            f"{statistics.median(peaks) / 1024 ** 2:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=200, help="submissions in the mixed class")
    parser.add_argument("--solved", type=int, default=24, help="submissions in the all-solved class")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--runs", type=int, default=3, help="gradings of each class with --jobs (median reported)")
    parser.add_argument("--serial-runs", type=int, default=1, help="gradings of the mixed class one at a time")
    options = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="grade-class-bench-"))
    try:
        mixed = make_class(scratch / "mixed", options.students)
        solved = make_class(scratch / "solved", options.solved, kinds=("solved",))
        mixed_csvs, solved_csvs = [], []
        rows = [measure("all solved", solved, options.solved, options.jobs, options.runs, solved_csvs),
                measure("mixed", mixed, options.students, options.jobs, options.runs, mixed_csvs),
                measure("mixed", mixed, options.students, 1, options.serial_runs, mixed_csvs)]
        print("| class | submissions | --jobs | runs | wall time (s): median (range) | submissions a minute | "
              "core-seconds a submission | peak memory of the tree (MiB) |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for row in rows:
            print("| " + " | ".join(str(cell) for cell in row) + " |")
        print(f"every grades.csv of a class identical (--jobs {options.jobs} and 1, every run): "
              f"{len(set(mixed_csvs)) == 1 and len(set(solved_csvs)) == 1}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
