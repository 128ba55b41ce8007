"""`python -m checks hint N`: three tiers of hints per lesson, revealed one at a time.

The hints live in checks/hints/NN-slug.md as three sections (## Nudge, ## Concept,
## Nearly the answer). Each call shows the tiers revealed so far plus the next one;
which tiers a learner has seen is kept in .checks/hints.json next to lessons/.
"""

import json
import re
from pathlib import Path
from typing import List, Optional

from .course import Lesson
from .loading import lessons_dir

HINTS_DIR = Path(__file__).resolve().parent / "hints"
TIERS = ("Nudge", "Concept", "Nearly the answer")


def hint_tiers(lesson: Lesson) -> List[str]:
    """The lesson's three hint texts, in order."""
    text = (HINTS_DIR / f"{lesson.number:02d}-{lesson.slug}.md").read_text(encoding="utf-8")
    sections = re.split(r"^## .*$", text, flags=re.M)[1:]
    return [section.strip() for section in sections]


def _state_file() -> Path:
    return lessons_dir().parent / ".checks" / "hints.json"


def show_hint(lesson: Lesson, tier: Optional[int] = None) -> int:
    tiers = hint_tiers(lesson)
    state_file = _state_file()
    try:
        seen = json.loads(state_file.read_text())
    except (OSError, ValueError):
        seen = {}
    revealed = seen.get(str(lesson.number), 0)
    if tier is None:  # the tiers seen so far, and one more
        tier = min(revealed + 1, len(tiers))
        shown = range(1, tier + 1)
    else:
        shown = [tier]
    for number in shown:
        print(f"Lesson {lesson.number}, hint {number} of {len(tiers)}: {TIERS[number - 1]}")
        print(tiers[number - 1])
        print()
    if tier > revealed:
        seen[str(lesson.number)] = tier
        state_file.parent.mkdir(parents=True, exist_ok=True)
        state_file.write_text(json.dumps(seen, indent=1))
    if tier < len(tiers):
        print(f"Stuck still? `python -m checks hint {lesson.number}` again shows hint {tier + 1}.")
    return 0
