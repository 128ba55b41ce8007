"""Where the images come from: the bundled 5,000-digit subset or a folder of MNIST IDX files."""

from pathlib import Path
from typing import NamedTuple, Optional

import numpy as np

BUNDLED_PATH = Path(__file__).with_name("mnist_5k.npz")
BUNDLED_SHA256 = "246e0c30eeea57c8d0037d3f38c8e00651ec204cc61b8022563e9aeeb9d756f4"


class DataError(ValueError):
    """A data file or folder that cannot be used; the message says which and why."""


class Digits(NamedTuple):
    """Images (N, 28, 28) uint8 and labels (N,) uint8.

    `test_images`/`test_labels` are None for the bundled digits (the course splits them
    itself) and hold the file's own test set for a full MNIST folder.
    """

    images: np.ndarray
    labels: np.ndarray
    test_images: Optional[np.ndarray] = None
    test_labels: Optional[np.ndarray] = None


def load_digits(data=None) -> Digits:
    """Load the bundled digits (`data=None`) or the four MNIST IDX files in folder `data`."""
    if data is None:
        with np.load(BUNDLED_PATH) as archive:
            return Digits(archive["images"], archive["labels"])
    from .idx import load_mnist_folder

    return load_mnist_folder(Path(data))
