"""The autograder: pytest checks per lesson, and `python -m checks` around them.

    course.py      the lessons table (numbers, modules, functions, points): the one place
    test_lesson*.py  the checks, one file per lesson, each check marked with what it grades
    strategies.py  shared hypothesis strategies;  gradcheck.py  numerical gradients
    compare.py     calling the learner's code and judging its results;  mistakes.py  naming errors
    failure.py     what a failed check says;  replay.py  scripts that replay a failure
    loading.py     importing a lesson file with the right earlier lessons;  stubs.py  the pristine stubs
    deadline.py    each check's time limit;  conftest.py  the pytest wiring
    grading.py     one subprocess per lesson, limits, fail-closed results (the parent side)
    plugin.py      the reporter inside each subprocess;  results.py  the result model
    report.py      terminal, Gradescope JSON and JUnit views;  cli.py  the command line
    hints.py, hints/, reset.py, watch.py  the learner's other commands
"""
