"""The course's support package: the bundled digits and how to read and draw them.

Nothing here is a lesson. `load_digits()` returns the 5,000 bundled MNIST images
(500 of each digit, uint8, shape (5000, 28, 28)) and their labels; `idx` reads the
full MNIST files; `figures` draws the experiment's plots. See DATA.md for where the
images come from and their licence.
"""

from .dataset import BUNDLED_PATH, BUNDLED_SHA256, DataError, Digits, load_digits

__all__ = ["BUNDLED_PATH", "BUNDLED_SHA256", "DataError", "Digits", "load_digits"]
