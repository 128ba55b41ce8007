"""The experiments' command lines and every figure: code the learner runs on their own lessons
(and the docs build runs on the reference), never a lesson's answer.

Nothing here is readable while grading: the worker reads only the data package `digits/`.
Code here that needs a lesson's function takes it as an argument (the learner's own,
from `python -m lessons.lesson07_classifier`) or imports the reference (`solutions/`, in the
instructor's copy, for the site's figures); it never holds a private copy of an answer.
"""
