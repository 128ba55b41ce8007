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
    notebook.py    the notebooks: checks.setup, checks.grade, checks.hint (below, imported on use)
"""


def grade(*lessons, **options):
    """Grade lessons from a notebook, as `python -m checks [LESSON ...]` does (checks/notebook.py)."""
    from .notebook import grade as notebook_grade  # imported on use: `import checks` stays cheap

    return notebook_grade(*lessons, **options)


def hint(lesson, tier=None):
    """The next hint for `lesson`, as `python -m checks hint LESSON` gives it (checks/notebook.py)."""
    from .notebook import hint as notebook_hint

    return notebook_hint(lesson, tier)


def setup(module):
    """A lesson notebook's first cell: find or make the course folder and work there (checks/notebook.py)."""
    from .notebook import setup as notebook_setup

    return notebook_setup(module)
