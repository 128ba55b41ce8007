"""`python -m checks reset N`: put back lesson N's stub, keeping the learner's file first.

The current file is copied to lessons/.backups/<module>-<timestamp>.py before anything
is written, and the message names that copy. This is the only command that writes to
lessons/.
"""

import shutil
import sys
from datetime import datetime
from pathlib import Path

from .course import Lesson
from .stubs import is_pristine, stub_source


def reset(lesson: Lesson, lessons_dir: Path, assume_yes: bool = False) -> int:
    path = lessons_dir / lesson.filename
    if path.exists() and is_pristine(path, lesson):
        print(f"lessons/{lesson.filename} is already the untouched stub: nothing to do")
        return 0
    if not assume_yes:
        if not sys.stdin.isatty():
            print(f"error: reset asks before replacing lessons/{lesson.filename}; pass --yes to do it "
                  "without asking", file=sys.stderr)
            return 2
        answer = input(f"Replace lessons/{lesson.filename} with the stub? Your file is backed up first. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing changed")
            return 1
    backup = None
    if path.exists():
        backups = lessons_dir / ".backups"
        backups.mkdir(exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        backup = backups / f"{lesson.module}-{stamp}.py"
        shutil.copy2(path, backup)  # first the copy; only then the stub
    path.write_text(stub_source(lesson))
    kept = f"; your version is in {backup.relative_to(lessons_dir.parent)}" if backup else ""
    print(f"restored the stub of lessons/{lesson.filename}{kept}")
    return 0
