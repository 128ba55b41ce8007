"""`python -m checks classroom [LESSON ...]`: the grade as GitHub Classroom's autograding reads it.

GitHub Classroom grades a student's repository with a workflow in it (the release ships one:
`.github/workflows/classroom.yml`). Its reporter action (classroom-resources/autograding-grading-reporter)
reads each runner's result from `$<RUNNER>_RESULTS`: base64 of JSON `{"version": 1, "status": "pass" |
"fail" | "error", "max_score": N, "tests": [{"name", "status", "score", "message", "line_no"}, ...]}`,
and adds up the tests' scores. This command grades like `python -m checks N ...`, prints the same
report, and writes that result as the step's output `result` (to $GITHUB_OUTPUT, or stdout without it),
one test per check with its share of the lesson's points, so partial work earns partial credit.

The student controls that repository, its workflow and the checks in it: the score it reports is
feedback, not a grade you can trust (docs/instructors.md, "GitHub Classroom").
"""

import base64
import json
import os
from pathlib import Path

from .report import gradescope
from .results import Grading

RUNNER = "fourorfive"  # the step id the workflow gives this command; the reporter reads FOURORFIVE_RESULTS


def classroom_result(grading: Grading) -> dict:
    """The reporter's result for `grading` (see the module's docstring)."""
    tests = [{"name": test["name"], "status": "pass" if test["status"] == "passed" else "fail",
              "score": test["score"], "message": test["output"], "line_no": 0}
             for test in gradescope(grading)["tests"]]
    return {"version": 1, "status": "pass" if all(test["status"] == "pass" for test in tests) else "fail",
            "max_score": grading.max_points, "tests": tests}


def write_result(grading: Grading, out) -> None:
    """The step's output `result=<base64 JSON>`: appended to $GITHUB_OUTPUT when set, else printed to `out`."""
    encoded = base64.b64encode(json.dumps(classroom_result(grading)).encode("utf-8")).decode("ascii")
    target = os.environ.get("GITHUB_OUTPUT")
    if target:
        with Path(target).open("a", encoding="utf-8") as output:
            output.write(f"result={encoded}\n")
    else:
        print(f"result={encoded}", file=out)


WORKFLOW = """\
# GitHub Classroom autograding for Four or five (written by `python -m checks release`).
# Each push grades lessons 1-7 with `python -m checks classroom`, whose result the reporter adds up.
# The student controls this repository: the score is feedback, not a grade to trust (docs/instructors.md).
name: Autograding Tests
'on':
  - push
  - repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - name: Checkout code
        uses: actions/checkout@v4
      - name: Set up Python
        uses: actions/setup-python@v5
        with:
          python-version: '3.11'
      - name: Install the course
        run: python -m pip install -e .
      - name: Four or five
        id: fourorfive
        run: python -m checks classroom 1 2 3 4 5 6 7
      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
          FOURORFIVE_RESULTS: "${{ steps.fourorfive.outputs.result }}"
        with:
          runners: fourorfive
"""
