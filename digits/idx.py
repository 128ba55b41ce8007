"""Read (and write) MNIST's IDX files: the full data set, or any data set in its format.

An IDX file is a header and then the array's bytes, row-major:

    bytes 0-1   zero
    byte  2     the element type: 0x08 for unsigned bytes (the only type MNIST uses)
    byte  3     the number of dimensions d (3 for images, 1 for labels)
    4 * d       each dimension as a big-endian unsigned 32-bit integer
    the rest    prod(dimensions) elements, nothing more and nothing less

A folder for `--data` holds the four files of http://yann.lecun.com/exdb/mnist/
(mirrored at https://ossci-datasets.s3.amazonaws.com/mnist/), each plain or gzipped:
train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
t10k-labels-idx1-ubyte (names with a dot, `train-images.idx3-ubyte`, are accepted too).
Every problem is a `DataError` naming the file and what is wrong with it: a short
or corrupt file is never read silently.
"""

import gzip
import struct
import zlib
from pathlib import Path

import numpy as np

from .dataset import DataError, Digits

UBYTE = 0x08
IMAGE_SHAPE = (28, 28)  # what preprocess() of lesson 7 flattens into 784 inputs

# (images, labels) of the training set, then of the test set
MNIST_FILES = (("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
               ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"))


def _read_bytes(path: Path) -> bytes:
    """The file's content, unzipped when the name ends in .gz."""
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as f:
                return f.read()
        return path.read_bytes()
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise DataError(f"{path}: not a complete gzip file ({error})") from None
    except OSError as error:
        raise DataError(f"{path}: cannot be read ({error.strerror or error})") from None


def read_idx(path, ndim=None) -> np.ndarray:
    """The uint8 array stored in the IDX file `path` (plain or .gz).

    Args:
        path: the file.
        ndim: if given, the number of dimensions the file must have.

    Raises:
        DataError naming the file when the header or the length is wrong.
    """
    path = Path(path)
    content = _read_bytes(path)
    if len(content) < 4:
        raise DataError(f"{path}: {len(content)} bytes, too short for an IDX header")
    zero, dtype, dims = struct.unpack(">HBB", content[:4])
    expected_magic = f"0x0000{UBYTE:02x}{ndim:02x}" if ndim else f"0x0000{UBYTE:02x}NN"
    if zero != 0:
        raise DataError(f"{path}: wrong magic number 0x{content[:4].hex()}, "
                        f"expected {expected_magic}: not an IDX file")
    if dtype != UBYTE:
        raise DataError(f"{path}: element type 0x{dtype:02x} is not supported; "
                        f"MNIST files hold unsigned bytes (0x{UBYTE:02x})")
    if ndim is not None and dims != ndim:
        raise DataError(f"{path}: wrong magic number 0x{content[:4].hex()} "
                        f"({dims} dimensions), expected {expected_magic} ({ndim})")
    header = 4 + 4 * dims
    if len(content) < header:
        raise DataError(f"{path}: truncated header ({len(content)} bytes, "
                        f"{dims} dimensions need {header})")
    shape = struct.unpack(f">{dims}I", content[4:header])
    expected = int(np.prod(shape, dtype=np.int64))
    found = len(content) - header
    if found != expected:
        what = "truncated" if found < expected else "too long"
        raise DataError(f"{path}: {what}: shape {'x'.join(map(str, shape))} needs "
                        f"{expected} bytes after the header, the file has {found}")
    return np.frombuffer(content, dtype=np.uint8, offset=header).reshape(shape).copy()


def write_idx(path, array) -> Path:
    """Write a uint8 array as an IDX file (gzipped when `path` ends in .gz); return the path."""
    path = Path(path)
    array = np.ascontiguousarray(array)
    if array.dtype != np.uint8:
        raise ValueError(f"IDX files written here hold uint8, not {array.dtype}")
    content = (struct.pack(">HBB", 0, UBYTE, array.ndim)
               + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes())
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wb") as f:
        f.write(content)
    return path


def _find(folder: Path, name: str) -> Path:
    """The file `name` in `folder`: plain or .gz, with a dash or a dot before idx."""
    dotted = name.replace("-idx", ".idx")
    for candidate in (name, name + ".gz", dotted, dotted + ".gz"):
        if (folder / candidate).is_file():
            return folder / candidate
    raise DataError(f"{folder}: no {name} (or {name}.gz); the folder needs the four MNIST "
                    f"IDX files: {', '.join(sum(MNIST_FILES, ()))}")


def _load_pair(folder: Path, images_name: str, labels_name: str):
    """Images and labels of one split, checked against each other."""
    images_path, labels_path = _find(folder, images_name), _find(folder, labels_name)
    images, labels = read_idx(images_path, ndim=3), read_idx(labels_path, ndim=1)
    if images.shape[1:] != IMAGE_SHAPE:
        raise DataError(f"{images_path}: images of {images.shape[1]}x{images.shape[2]} "
                        f"pixels, the network expects {IMAGE_SHAPE[0]}x{IMAGE_SHAPE[1]}")
    if len(images) != len(labels):
        raise DataError(f"{images_path.name} has {len(images)} images but "
                        f"{labels_path.name} has {len(labels)} labels (in {folder})")
    return images, labels


def load_mnist_folder(path) -> Digits:
    """The MNIST training and test sets from a folder of the four IDX files.

    Returns Digits(images, labels, test_images, test_labels): images uint8
    (N, 28, 28), labels uint8 (N,); the test arrays come from the t10k files.

    Raises:
        DataError when the folder or a file is missing, or a file is invalid.
    """
    folder = Path(path)
    if not folder.is_dir():
        what = "not a folder" if folder.exists() else "no such folder"
        raise DataError(f"{folder}: {what}; give a folder holding the four MNIST IDX files")
    train_images, train_labels = _load_pair(folder, *MNIST_FILES[0])
    test_images, test_labels = _load_pair(folder, *MNIST_FILES[1])
    return Digits(train_images, train_labels, test_images, test_labels)
