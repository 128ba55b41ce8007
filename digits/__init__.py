"""The course's data: the bundled digits and the MNIST reader, and nothing else.

This is the one course folder the worker may read while grading (checks/sandbox.py), so it
holds data and the code that reads it, never code that computes what a lesson asks for
(the experiments and figures are in `experiments/`). `load_digits()` returns the 5,000
bundled MNIST images (500 of each digit, uint8, shape (5000, 28, 28)) and their labels;
`idx` reads the full MNIST files. See DATA.md for where the images come from and their licence.
"""

from .dataset import BUNDLED_PATH, BUNDLED_SHA256, DataError, Digits, load_digits

__all__ = ["BUNDLED_PATH", "BUNDLED_SHA256", "DataError", "Digits", "load_digits"]
