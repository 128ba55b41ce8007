"""Rendering a Grading: the terminal views, Gradescope's results.json and JUnit XML.

Reports are pure functions of the result model, written only after grading ends.
They hold no timings, so two runs over the same files give identical files.
"""

import json
from pathlib import Path
from typing import Optional
from xml.etree import ElementTree

from rich.console import Console
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from .course import LESSONS
from .loading import shown_path
from .results import FAILED, NOT_STARTED, PASSED, WAITING, CheckResult, Grading, LessonResult

STATUS_STYLE = {"passing": "green", "failing": "red", "not started": "dim"}
MARK = {PASSED: ("✓", "green"), NOT_STARTED: ("·", "dim"), WAITING: ("○", "yellow")}
WAITING_LEGEND = ("  ○ not counted yet: these checks pass, but each counts only once the value checks of its "
                  "function (✗) pass, so that code that does no work earns no points")


def console() -> Console:
    """Colour only on a terminal, and never with NO_COLOR set (rich reads NO_COLOR itself)."""
    return Console(highlight=False, soft_wrap=True)


PARTS = {1: "Part 1: the course", 2: "Part 2: going further (optional)"}


def next_step(grading: Grading) -> Optional[str]:
    """The one next thing to do: the first lesson of the course not yet passing and its function,
    then, once the course is complete, the optional part two."""
    started_part_two = [result for result in grading.lessons if result.lesson.part == 2 and result.status != "not started"]
    for result in grading.lessons:
        if result.status == "passing" or (result.lesson.part == 2 and not started_part_two
                                           and any(r.lesson.part == 1 for r in grading.lessons)):
            continue
        failure = result.first_failure
        functions = result.lesson.graded_functions.get(failure.name) or result.lesson.functions
        return (f"next: lesson {result.lesson.number}, {functions[0]}: run "
                f"`python -m checks {result.lesson.number}`")
    if any(result.lesson.part == 2 and result.status != "passing" for result in grading.lessons):
        return ("The course is complete: every lesson of part 1 passes, 100 points. Part 2 (lessons 8-10, going "
                "further: ReLU, deeper networks, Adam) is optional; start it with `python -m checks 8`.")
    return None


def passed(grading: Grading, implicit_part_two: bool) -> bool:
    """The exit code's question. A bare `python -m checks` also grades part two, but a part-two
    lesson not started does not fail it: part two is optional."""
    return all(result.status == "passing" or (implicit_part_two and result.lesson.part == 2
                                              and result.status == "not started")
               for result in grading.lessons)


def show_overview(grading: Grading, out: Console) -> None:
    table = Table(title="Four or five: your lessons", title_justify="left", show_edge=False, pad_edge=False)
    for column, justify in (("#", "right"), ("lesson", "left"), ("status", "left"), ("checks", "right"),
                            ("points", "right")):
        table.add_column(column, justify=justify)
    parts = sorted({result.lesson.part for result in grading.lessons})
    for part in parts:
        results = [result for result in grading.lessons if result.lesson.part == part]
        if len(parts) > 1:
            table.add_row("", Text(PARTS[part], style="bold"), "", "", "")
        for result in results:
            table.add_row(str(result.lesson.number), result.lesson.title,
                          Text(result.status, style=STATUS_STYLE[result.status]),
                          f"{result.passed}/{len(result.checks)}",
                          f"{result.points:.1f}/{result.lesson.points}")
        if len(parts) > 1:
            points = sum(result.points for result in results)
            table.add_row("", Text("total", style="bold"), "", "",
                          Text(f"{points:.1f}/{sum(r.lesson.points for r in results)}", style="bold"))
            if part != parts[-1]:
                table.add_section()
    out.print(table)
    out.print()
    summary = Table.grid(padding=(0, 2))
    for part in parts:
        results = [result for result in grading.lessons if result.lesson.part == part]
        points, most = sum(r.points for r in results), sum(r.lesson.points for r in results)
        passing = sum(result.status == "passing" for result in results)
        label = {1: "part 1: ", 2: "part 2 (optional): "}[part] if len(parts) > 1 else ""
        summary.add_row(ProgressBar(total=most, completed=points, width=20),
                        f"{label}{points:.1f}/{most} points, {passing} of {len(results)} lessons passing")
    out.print(summary)
    for result in grading.lessons:
        if result.note:
            out.print(f"lesson {result.lesson.number}: {result.note}")
    show_notes(grading, out)
    step = next_step(grading)
    if step is None:
        from .stubs import SOLUTIONS_DIR

        step = ("every lesson passes: run `python -m solutions.lesson10_deeper` and `python -m "
                "lessons.lesson10_deeper` side by side" if SOLUTIONS_DIR.is_dir() else
                "every lesson passes: run `python -m lessons.lesson10_deeper` to compare your two networks")
    out.print(step)


def show_notes(grading: Grading, out: Console) -> None:
    """One line for each guard this platform could not put around the learner's code."""
    for note in grading.isolation:
        out.print(f"note: {note} (see docs/grader.md, What the grader trusts)", style="dim", markup=False)


def show_lesson(result: LessonResult, out: Console) -> None:
    lesson = result.lesson
    out.print(f"Lesson {lesson.number}: {lesson.title} ({shown_path(lesson)})", style="bold")
    for check in result.checks:
        mark, style = MARK.get(check.status, ("✗", "red"))
        out.print(Text(f"  {mark} ", style=style) + Text(check.title)
                  + Text(" (not counted yet)" if check.status == WAITING else "", style="dim"))
    if result.waiting:
        out.print(WAITING_LEGEND, style="dim", markup=False)
    out.print(f"  {result.passed}/{len(result.checks)} checks, {result.points:.1f}/{lesson.points} points, "
              f"{result.status}")
    failure = result.first_failure
    if result.note and (failure is None or result.note not in failure.message):  # else the failure says it
        out.print(result.note, style="yellow")
    if failure is None:
        following = next((later for later in LESSONS if later.number == lesson.number + 1), None)
        if following is not None and following.part != lesson.part:
            out.print("All checks pass. The course is complete; part 2 (going further) is optional: "
                      f"`python -m checks {following.number}`.")
        else:
            out.print("All checks pass." + (f" Next: `python -m checks {following.number}`." if following else ""))
        return
    out.print()
    out.print(f"First {'unwritten' if failure.status == NOT_STARTED else 'failure'}: {failure.title}",
              style="bold")
    out.print(failure.message, markup=False)
    if failure.replay:
        out.print(f"  replay: python {failure.replay}", markup=False)
    table = gradient_table(result, failure)
    if table:
        out.print()
        out.print("Which gradients are wrong (the numerical gradient check):", style="bold")
        out.print(table, markup=False)


GRADIENT_CHECKS = ("test_backward_gradient_check", "test_backward_deep_gradient_check")


def gradient_table(result: LessonResult, failure: CheckResult) -> str:
    """The failed gradient check's table (relative error per parameter, the worst entries), shown with
    a first failure of another check: it says which of the gradients are wrong, by how much and where."""
    check = next((check for check in result.checks if check.name in GRADIENT_CHECKS and check.status == FAILED
                  and check is not failure), None)
    if check is None:
        return ""
    lines = check.message.splitlines()
    start = next((i for i, line in enumerate(lines) if "relative error" in line), None)
    return "\n".join(lines[start:]) if start is not None else ""


def gradescope(grading: Grading) -> dict:
    """Gradescope's results.json: score, max_score and one entry a check."""
    tests = []
    for result in grading.lessons:
        worth = result.check_points()
        for index, check in enumerate(result.checks, start=1):
            output = check.message if check.status != PASSED else ""
            if (result.note and check.name in result.lesson.chain_checks and check.status != PASSED
                    and result.note not in output):  # a check not run says why itself: the note once
                output = f"{result.note}\n{output}"
            tests.append({
                "name": f"lesson {result.lesson.number} ({result.lesson.slug}): {check.title}",
                "number": f"{result.lesson.number}.{index}",
                "score": worth[index - 1] if check.status == PASSED else 0.0,
                "max_score": worth[index - 1],
                "status": "passed" if check.status == PASSED else "failed",
                "output": output,
                "visibility": "visible",
            })
    return {"score": grading.points, "max_score": grading.max_points, "tests": tests,
            "visibility": "visible", "stdout_visibility": "hidden"}


def last_grading(grading: Grading) -> dict:
    """What `python -m checks hint` reads to answer the failure (.checks/last-grading.json)."""
    lessons = {}
    for result in grading.lessons:
        functions = result.lesson.graded_functions
        checks = []
        for check in result.checks:
            mistake = next((line.split("likely mistake: ", 1)[1] for line in check.message.splitlines()
                            if "likely mistake: " in line), None)
            checks.append({"name": check.name, "functions": list(functions.get(check.name, ())),
                           "status": check.status, "message": check.message, "mistake": mistake})
        lessons[str(result.lesson.number)] = {"status": result.status, "checks": checks}
    return {"version": 1, "lessons": lessons}


def write_last_grading(grading: Grading, lessons_dir: Path) -> None:
    """Merge this grading into .checks/last-grading.json beside `lessons_dir` (never inside it)."""
    path = lessons_dir.parent / ".checks" / "last-grading.json"
    try:
        previous = json.loads(path.read_text(encoding="utf-8")).get("lessons", {})
    except (OSError, ValueError, AttributeError):
        previous = {}
    merged = {"version": 1, "lessons": {**previous, **last_grading(grading)["lessons"]}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(merged, indent=1) + "\n", encoding="utf-8")
    except OSError:
        pass  # hints then go in order: never a reason to fail a grading


def write_json(grading: Grading, path: Path) -> None:
    path.write_text(json.dumps(gradescope(grading), indent=2) + "\n", encoding="utf-8")


def write_junit(grading: Grading, path: Path) -> None:
    suites = ElementTree.Element("testsuites", name="checks")
    for result in grading.lessons:
        failures = sum(check.status != PASSED for check in result.checks)
        suite = ElementTree.SubElement(suites, "testsuite", name=result.lesson.module,
                                       tests=str(len(result.checks)), failures=str(failures), errors="0")
        for check in result.checks:
            case = ElementTree.SubElement(suite, "testcase", classname=f"checks.{result.lesson.module}",
                                          name=check.name)
            if check.status != PASSED:
                failure = ElementTree.SubElement(case, "failure", message=check.message.splitlines()[0]
                                                 if check.message else check.status, type=check.status)
                failure.text = check.message
    ElementTree.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)
