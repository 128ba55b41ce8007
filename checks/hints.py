"""`python -m checks hint N`: hints that answer the learner's last failure, one at a time.

Three kinds of hint text, all in checks/hints/:

- NN-slug.md: the lesson's three tiers (## Nudge, ## Concept, ## Nearly the answer),
  shown in order when there is no grading to go by (as before, and the only format
  a lesson needs);
- NN-slug.functions.md: the same three tiers for each function of the lesson, under a
  `# function_name` heading (a function without one falls back to the lesson's tiers);
- mistakes.md: one hint per named mistake, under a `## phrase` heading; it answers a
  failure whose "likely mistake" contains that phrase (case-insensitive; when a check names
  two mistakes it cannot tell apart, each one that matches is shown).

The grader writes its last grading to .checks/last-grading.json beside lessons/. When
that file has lesson N failing, `hint N` goes to the first check that did not pass: it
shows the hint for the mistake that check named (when one matches), then the tiers of
the function the check grades: each call shows the next hint only (tier 3 may give the
formula). How far each ladder has gone is kept in .checks/hints.json, per lesson and per
failure, with a digest of the grading it answers: a new failure, or a new grading of the
lesson whose result differs, starts again from its own first hint (grading the same code
again changes nothing, so the ladder goes on). `--tier K` shows tier K of the failing
function (or of the lesson, without a grading) and leaves the ladder where it is.
"""

import hashlib

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from .course import Lesson
from .loading import lessons_dir

HINTS_DIR = Path(__file__).resolve().parent / "hints"
TIERS = ("Nudge", "Concept", "Nearly the answer")
GRADING_FILE = "last-grading.json"
GRADING_VERSION = 1


def _sections(text: str, level: str) -> Dict[str, str]:
    """{heading: body} for the headings of `level` ("#" or "##"), in file order."""
    parts = re.split(rf"^{level} (.+)$", text, flags=re.M)
    return {heading.strip(): body.strip() for heading, body in zip(parts[1::2], parts[2::2])}


def hint_tiers(lesson: Lesson) -> List[str]:
    """The lesson's three hint texts, in order."""
    text = (HINTS_DIR / f"{lesson.number:02d}-{lesson.slug}.md").read_text(encoding="utf-8")
    sections = re.split(r"^## .*$", text, flags=re.M)[1:]
    return [section.strip() for section in sections]


def function_tiers(lesson: Lesson, function: str) -> List[str]:
    """The three tiers for one function of the lesson (the lesson's own tiers when it has none)."""
    path = HINTS_DIR / f"{lesson.number:02d}-{lesson.slug}.functions.md"
    if path.is_file():
        block = _sections(path.read_text(encoding="utf-8"), "#").get(function)
        if block:
            tiers = _sections(block, "##")
            if all(tiers.get(name) for name in TIERS):
                return [tiers[name] for name in TIERS]
    return hint_tiers(lesson)


def mistake_hints(mistake: Optional[str]) -> List[tuple]:
    """(phrase, text) of every hint in mistakes.md whose phrase the mistake's text contains.

    A check that cannot tell two mistakes apart names both ("...; or ..."): each gets its hint.
    """
    path = HINTS_DIR / "mistakes.md"
    if not mistake or not path.is_file():
        return []
    text = mistake.lower()
    return [(phrase, body) for phrase, body in _sections(path.read_text(encoding="utf-8"), "##").items()
            if phrase.lower() in text]


def mistake_hint(mistake: Optional[str]) -> Optional[tuple]:
    """(phrase, text) of the first hint in mistakes.md whose phrase the mistake's text contains."""
    found = mistake_hints(mistake)
    return found[0] if found else None


@dataclass
class Failure:
    """The first check of a lesson that did not pass in the last grading."""

    check: str
    function: str
    status: str  # "failed" or "not started"
    mistake: Optional[str]
    stale: bool  # the lesson file changed after that grading
    grading: str = ""  # a digest of the lesson's last grading: a different one restarts the ladder


def _course_dir() -> Path:
    return lessons_dir().parent


def last_failure(lesson: Lesson) -> Optional[Failure]:
    """What the last grading says is wrong in `lesson`, or None (no grading, or it passed)."""
    path = _course_dir() / ".checks" / GRADING_FILE
    try:
        grading = json.loads(path.read_text(encoding="utf-8"))
        entry = grading["lessons"][str(lesson.number)]
        checks = entry["checks"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(grading, dict) or grading.get("version") != GRADING_VERSION:
        return None
    if entry.get("status") not in ("failing", "not started"):  # not started: the first function to write
        return None
    for check in checks:
        if not isinstance(check, dict) or check.get("status") in ("passed", "not counted yet"):
            continue
        functions = [f for f in (check.get("functions") or []) if f in lesson.functions]
        function = functions[0] if functions else lesson.functions[0]
        try:
            stale = (lessons_dir() / lesson.filename).stat().st_mtime > path.stat().st_mtime
        except OSError:
            stale = False
        digest = hashlib.sha1(json.dumps(entry, sort_keys=True).encode("utf-8")).hexdigest()
        return Failure(str(check.get("name", "")), function, str(check.get("status")),
                       check.get("mistake") or None, stale, digest)
    return None


def _state_file() -> Path:
    return _course_dir() / ".checks" / "hints.json"


def _load_state() -> dict:
    try:
        state = json.loads(_state_file().read_text())
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def _save_state(state: dict) -> None:
    path = _state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=1))


def show_hint(lesson: Lesson, tier: Optional[int] = None) -> int:
    failure = last_failure(lesson)
    if failure is None:
        return _show_in_order(lesson, tier)
    return _show_for_failure(lesson, failure, tier)


def _next_step(key: str, grading: str, steps: int) -> int:
    """The step (1-based) of the ladder `key` to show now, recorded as shown: the one after the last
    shown, the first again when the ladder followed another grading, the last once all are shown."""
    state = _load_state()
    seen = state.get(key)
    shown = seen.get("shown", 0) if isinstance(seen, dict) and seen.get("grading") == grading else 0
    step = min((shown if isinstance(shown, int) else 0) + 1, steps)
    state[key] = {"grading": grading, "shown": step}
    _save_state(state)
    return step


def _show_in_order(lesson: Lesson, tier: Optional[int]) -> int:
    """The lesson's next tier (or just `tier`, which leaves the ladder where it is)."""
    tiers = hint_tiers(lesson)
    number = tier if tier is not None else _next_step(str(lesson.number), "", len(tiers))
    print(f"Lesson {lesson.number}, hint {number} of {len(tiers)}: {TIERS[number - 1]}")
    print(tiers[number - 1])
    print()
    if tier is None:
        _say_what_next(lesson, number, len(tiers), f"hint {number + 1}")
    return 0


def _say_what_next(lesson: Lesson, step: int, steps: int, following: str) -> None:
    if step < steps:
        print(f"Stuck still? `python -m checks hint {lesson.number}` again shows {following}.")
    else:
        print(f"That was the last hint. `python -m checks hint {lesson.number} --tier K` shows hint K again.")


def _show_for_failure(lesson: Lesson, failure: Failure, tier: Optional[int]) -> int:
    """The hint for the named mistake (if any), then the failing function's tiers: one step per call."""
    title = failure.check.removeprefix("test_").replace("_", " ")
    verdict = "is not started yet" if failure.status == "not started" else f"fails the check \"{title}\""
    print(f"Your last grading of lesson {lesson.number}: {failure.function} {verdict}.")
    if failure.stale:
        print(f"(You edited lessons/{lesson.filename} since: run `python -m checks {lesson.number}` "
              "again for hints on your current code.)")
    print()
    tiers = function_tiers(lesson, failure.function)
    if tier is not None:
        print(f"Lesson {lesson.number}, {failure.function}, hint {tier} of {len(tiers)}: {TIERS[tier - 1]}")
        print(tiers[tier - 1])
        return 0
    named = mistake_hints(failure.mistake)
    answer = "\n\n".join(text for _, text in named)
    steps = ([("mistake", answer)] if named else []) + [(number, text) for number, text in
                                                        enumerate(tiers, start=1)]
    key = f"{lesson.number}/{failure.function}" + (f"/{named[0][0]}" if named else "")
    step = _next_step(key, failure.grading, len(steps))
    kind, text = steps[step - 1]
    if kind == "mistake":
        print(f"Lesson {lesson.number}, {failure.function}: the mistake the grader named"
              + (" (it could not tell these apart)" if len(named) > 1 else ""))
        print(f"  ({failure.mistake})")
    else:
        print(f"Lesson {lesson.number}, {failure.function}, hint {kind} of {len(tiers)}: {TIERS[kind - 1]}")
    print(text)
    print()
    following = steps[step][0] if step < len(steps) else None
    _say_what_next(lesson, step, len(steps), f"{failure.function}'s hint {following}")
    return 0
