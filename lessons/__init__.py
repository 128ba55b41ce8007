"""Your workspace: one file a lesson. Fill in each function, then run `python -m checks N`.

Every file starts as a stub whose functions raise NotImplementedError; the docstrings
say what to compute. `python -m checks reset N` restores a stub (your file is kept as
a backup first).
"""
