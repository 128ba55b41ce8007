"""The reference implementations of the seven lessons (same module names as `lessons/`).

The code between `### BEGIN SOLUTION` and `### END SOLUTION` is what a learner writes;
`checks/stubs.py` turns each file into the pristine stub of `lessons/` by replacing those
blocks, so docstrings and signatures live here once.
"""
