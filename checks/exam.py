"""The exam: where every input a check draws comes from.

Every check gets its inputs from this module, whichever kind they are: hypothesis's draws
(`hypothesis_seed`, set on each property check by checks/conftest.py) and the fixed examples
of the check files and checks/strategies.py (`seed`, `rng`, `pick`: the seeded networks,
"backward for one example", the real digits shown, the seeds handed to `init_params`).

Two kinds of exam:

- **Self-study** (`python -m checks` with no secret): the fixed exam. `seed(7)` is 7,
  `rng(7)` is `np.random.default_rng(7)`, `pick(indices, 2)` the first two, and each property
  check's draws come from a seed made of its name alone: everyone gets the same inputs, on every
  machine, and a student release stores exactly these (checks/reference.py `given`).
- **Secret** (grade-class, the Gradescope autograder, or `--exam-secret FILE`): every seed is
  an HMAC-SHA256 of the lesson's exam key, and that key an HMAC of the instructor's secret,
  the lesson's name and its file's bytes (`lesson_key`). Two submissions sit different exams;
  the same file, graded again with the same secret, sits the same one (a student's failure
  replays from their file and the secret); without the secret nobody can tell which inputs a
  submission will meet.

Only the trusted side sees any of this. The top-level grader reads the secret and hands the
lesson processes each lesson's key alone ($CHECKS_EXAM); the worker that runs learner code is
started with an environment of its own (checks/remote.py) and never gets either.
"""

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional

from .course import LESSONS

EXAM_VARIABLE = "CHECKS_EXAM"  # the submission's exam key, hex, in a lesson process's environment
SECRET_BYTES = 32
SEED_BITS = 32  # seeds a check hands to learner code (`init_params(seed=...)`) stay plain ints


class SecretError(Exception):
    """A secret file that cannot be used: one line saying why and what to do."""


# --- the instructor's secret -------------------------------------------------------------------

def read_secret(path: Path) -> bytes:
    """The secret in `path` (a line of at least 32 hex digits, as `create_secret` writes it)."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise SecretError(f"no exam secret at {path}: give the file grade-class or the autograder wrote "
                          "(or leave the option out to create one)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SecretError(f"cannot read the exam secret {path}: {getattr(error, 'strerror', None) or error}") from None
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) < 16:
        raise SecretError(f"{path} is not an exam secret (one line of at least 32 hex digits): use the file "
                          "grade-class or the autograder wrote, or a new one (`--new-secret`)")
    return secret


def create_secret(path: Path) -> bytes:
    """A fresh random secret written to `path` (readable by its owner only); an existing secret there is
    kept beside it as `<name>.<its id>` so that its students' failures can still be replayed."""
    if path.exists():
        old = read_secret(path)
        path.replace(path.with_name(f"{path.name}.{secret_id(old)}"))
    secret = secrets.token_bytes(SECRET_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secret.hex() + "\n")
    return secret


def secret_id(secret: bytes) -> str:
    """A short name for a secret that says nothing about it (8 hex digits of its hash)."""
    return hashlib.sha256(b"four-or-five exam secret id\0" + secret).hexdigest()[:8]


# --- one submission's exam ---------------------------------------------------------------------

def lesson_key(secret: bytes, module: str, lessons_dir: Path) -> str:
    """The exam of lesson `module` ("lesson04_backward") of the submission in `lessons_dir`, under
    `secret`: 64 hex digits, an HMAC of the lesson's name and its file's bytes. It depends on that
    one file only, so a student's failure replays from their file alone, whatever else is beside it."""
    try:
        data = (lessons_dir / f"{module}.py").read_bytes()
    except OSError:
        data = b""  # missing or unreadable: graded as such, whatever the exam
    return hmac.new(secret, b"four-or-five exam\0" + module.encode() + b"\0" + hashlib.sha256(data).digest(),
                    hashlib.sha256).hexdigest()


def environment(secret: Optional[bytes], lessons_dir: Path) -> Dict[str, str]:
    """What a lesson process needs to sit the exam of the submission in `lessons_dir`: each lesson's
    key, never the secret ($CHECKS_EXAM, "module=key,..."); nothing for self-study."""
    if secret is None:
        return {}
    return {EXAM_VARIABLE: ",".join(f"{lesson.module}={lesson_key(secret, lesson.module, lessons_dir)}"
                                    for lesson in LESSONS)}


# --- what the checks draw from -----------------------------------------------------------------

_sitting: Dict[str, str] = {}  # the lesson whose checks run now (set by checks/conftest.py)


def sit(module: str) -> None:
    """The checks of lesson `module` run from now on: they draw from its exam."""
    _sitting["module"] = module


def _key() -> Optional[bytes]:
    text = os.environ.get(EXAM_VARIABLE)
    if not text:
        return None
    keys = dict(item.split("=", 1) for item in text.split(","))
    module = _sitting.get("module")
    if module not in keys:  # fail closed: never the fixed exam where a secret one was asked for
        raise RuntimeError(f"the secret exam has no key for {module or 'this check'}")
    return bytes.fromhex(keys[module])


def secret_exam() -> bool:
    """True when this process grades a submission's secret exam (else the fixed, self-study one)."""
    return bool(os.environ.get(EXAM_VARIABLE))


@lru_cache(maxsize=4096)
def _derived(key: bytes, label: str, bits: int) -> int:
    return int.from_bytes(hmac.new(key, label.encode(), hashlib.sha256).digest(), "big") >> (256 - bits)


def seed(label: int) -> int:
    """The seed a check writes as `label`: `label` itself in self-study, the exam's own otherwise
    (a 32-bit int: it may be handed to learner code as a seed)."""
    key = _key()
    return label if key is None else _derived(key, f"seed {label}", SEED_BITS)


def rng(label: int):
    """`np.random.default_rng(seed(label))`: a check's fixed example drawn from the exam."""
    import numpy as np  # here: the grading parent imports this module, and no NumPy (its start is faster)

    return np.random.default_rng(seed(label))


def pick(indices, count: int, label: int):
    """`count` of the sorted array `indices` (real digits to show, say): the first ones in self-study, the
    exam's choice (sorted too) otherwise."""
    if _key() is None:
        return indices[:count]
    chosen = rng(label).choice(indices, size=count, replace=False)
    chosen.sort()
    return chosen


def hypothesis_seed(check: str) -> int:
    """The seed hypothesis draws the examples of the check named `check` (module.qualname) with: in
    self-study one derived from the name alone (the fixed exam), else the exam's own."""
    key = _key()
    if key is None:
        return int.from_bytes(hashlib.sha256(f"four-or-five fixed exam\0{check}".encode()).digest()[:8], "big")
    return _derived(key, f"hypothesis {check}", 64)
