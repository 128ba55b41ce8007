"""The MNIST IDX reader: round trips, and every kind of bad file named with its reason.

The files are built here, byte by byte with struct for the header, so the tests do
not trust digits.idx.write_idx to agree with the reader.
"""

import gzip
import struct

import numpy as np
import pytest

from digits import DataError, load_digits
from digits.idx import load_mnist_folder, read_idx, write_idx

NAMES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
         "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def idx_bytes(array, type_code=0x08, ndim=None, shape=None):
    """An IDX file's bytes for a uint8 array; the keyword arguments forge a bad header."""
    array = np.asarray(array, dtype=np.uint8)
    shape = array.shape if shape is None else shape
    ndim = len(shape) if ndim is None else ndim
    return (bytes([0, 0, type_code, ndim]) + struct.pack(f">{len(shape)}I", *shape)
            + array.tobytes())


def small_set(n, offset=0):
    rng = np.random.default_rng(offset)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = ((np.arange(n) + offset) % 10).astype(np.uint8)
    return images, labels


def write_folder(folder, n_train=12, n_test=7, gz=(False, True, False, True)):
    arrays = (*small_set(n_train), *small_set(n_test, offset=3))
    for name, array, zipped in zip(NAMES, arrays, gz):
        content = idx_bytes(array)
        if zipped:
            (folder / (name + ".gz")).write_bytes(gzip.compress(content))
        else:
            (folder / name).write_bytes(content)
    return arrays


def test_folder_round_trip_plain_and_gz(tmp_path):
    arrays = write_folder(tmp_path)
    digits = load_mnist_folder(tmp_path)
    for got, want in zip(digits, arrays):
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, want)


def test_write_idx_read_idx_round_trip(tmp_path):
    images = load_digits().images[:5]
    for name in ("x-idx3-ubyte", "x-idx3-ubyte.gz"):
        path = write_idx(tmp_path / name, images)
        np.testing.assert_array_equal(read_idx(path, ndim=3), images)
    assert (tmp_path / "x-idx3-ubyte").read_bytes()[:4] == b"\x00\x00\x08\x03"


def test_the_run_uses_the_folder_and_its_own_test_set(tmp_path):
    """run(data=folder) trains on every 4 and 5 of the training files and tests on the t10k ones."""
    from solutions.lesson07_classifier import run

    images, labels = load_digits()[:2]
    keep = np.isin(labels, (4, 5))
    train_i, test_i = np.flatnonzero(keep)[:60], np.flatnonzero(keep)[60:90]
    write_idx(tmp_path / NAMES[0], images[train_i])
    write_idx(tmp_path / NAMES[1], labels[train_i])
    # some other digits in the test files: they must be dropped
    write_idx(tmp_path / (NAMES[2] + ".gz"), images[np.r_[test_i, 0:5]])
    write_idx(tmp_path / (NAMES[3] + ".gz"), labels[np.r_[test_i, 0:5]])
    result = run(epochs=1, data=tmp_path, batch_size=8)
    assert (result["n_train"], result["n_test"]) == (60, 30)


@pytest.mark.parametrize("content, message", [
    (idx_bytes(np.zeros((3, 28, 28)))[:-1], "truncated: shape 3x28x28 needs 2352 bytes"),
    (idx_bytes(np.zeros((3, 28, 28))) + b"\0", "too long"),
    (idx_bytes(np.zeros((3, 28, 28)))[:10], "truncated header"),
    (b"\x00\x00", "too short for an IDX header"),
    (b"\x1f\x8b" + idx_bytes(np.zeros((3, 28, 28)))[2:], "wrong magic number 0x1f8b0803"),
    (idx_bytes(np.zeros((3, 28, 28)), type_code=0x0D), "element type 0x0d is not supported"),
    (idx_bytes(np.zeros(3)), "wrong magic number 0x00000801 (1 dimensions), expected 0x00000803"),
], ids=["truncated", "too-long", "short-header", "tiny", "wrong-magic", "float-type", "labels-as-images"])
def test_bad_images_file_is_named_with_its_reason(tmp_path, content, message):
    write_folder(tmp_path)
    bad = tmp_path / NAMES[2]  # plain in write_folder's default
    bad.write_bytes(content)
    with pytest.raises(DataError) as error:
        load_mnist_folder(tmp_path)
    assert str(bad) in str(error.value)
    assert message in str(error.value)


def test_truncated_gzip_is_an_error_not_a_short_read(tmp_path):
    write_folder(tmp_path)
    bad = tmp_path / (NAMES[1] + ".gz")
    bad.write_bytes(bad.read_bytes()[:-12])
    with pytest.raises(DataError, match="not a complete gzip file") as error:
        load_mnist_folder(tmp_path)
    assert str(bad) in str(error.value)


def test_mismatched_images_and_labels(tmp_path):
    write_folder(tmp_path)
    (tmp_path / NAMES[0]).write_bytes(idx_bytes(small_set(11)[0]))  # 11 images, 12 labels
    with pytest.raises(DataError, match="train-images-idx3-ubyte has 11 images but "
                                        "train-labels-idx1-ubyte.gz has 12 labels"):
        load_mnist_folder(tmp_path)


def test_images_of_the_wrong_size(tmp_path):
    write_folder(tmp_path)
    (tmp_path / NAMES[0]).write_bytes(idx_bytes(np.zeros((12, 32, 32))))
    with pytest.raises(DataError, match="images of 32x32 pixels, the network expects 28x28"):
        load_mnist_folder(tmp_path)


def test_missing_file_and_missing_folder(tmp_path):
    write_folder(tmp_path)
    (tmp_path / (NAMES[2])).unlink()
    with pytest.raises(DataError, match="no t10k-images-idx3-ubyte"):
        load_mnist_folder(tmp_path)
    with pytest.raises(DataError, match="no such folder"):
        load_mnist_folder(tmp_path / "nowhere")
