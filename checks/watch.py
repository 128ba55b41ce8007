"""`python -m checks watch [N]`: grade again each time a lesson file is saved.

watchfiles reports saves (inotify on Linux); `--poll`, or WATCHFILES_FORCE_POLLING=1,
makes it poll instead, for file systems that send no events (network drives, some
containers and VMs). A syntax or import error is just a failing grade: the watch
goes on. Ctrl-C stops it.
"""

from pathlib import Path

import watchfiles

from .cli import grade_and_show
from .report import console


def _is_lesson_file(change, path: str) -> bool:
    name = Path(path).name
    return name.startswith("lesson") and name.endswith(".py") and ".backups" not in Path(path).parts


def watch(lessons, lessons_dir: Path, timeout: float, detail: bool, force_polling: bool = False) -> int:
    out = console()
    try:
        grade_and_show(lessons, lessons_dir, timeout, out, detail)
        out.print(f"\nwatching {lessons_dir} (Ctrl-C to stop)", style="dim")
        for changes in watchfiles.watch(lessons_dir, watch_filter=_is_lesson_file, force_polling=force_polling or None,
                                        raise_interrupt=True):
            out.clear()
            saved = ", ".join(sorted(Path(path).name for _, path in changes))
            out.print(f"saved: {saved}", style="dim")
            grade_and_show(lessons, lessons_dir, timeout, out, detail)
            out.print(f"\nwatching {lessons_dir} (Ctrl-C to stop)", style="dim")
    except KeyboardInterrupt:
        out.print("stopped watching")
    return 0
