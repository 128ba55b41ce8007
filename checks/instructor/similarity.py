"""`grade-class --similarity`: the most similar pairs of submissions, lesson by lesson.

Built on copydetect (the winnowing fingerprints of MOSS, with Pygments' Python tokenizer: names,
strings and comments count for nothing, so renaming variables hides nothing). The stub of each
lesson is boilerplate: its docstrings and signatures, which every student starts from, are never
counted as copied. For each lesson, every pair of submissions that handed it in is screened by the
fingerprints they share, and the pairs that screen highest are measured by copydetect's comparison;
the report lists them by how much of the smaller of the two is shared, highest first (300
submissions: about 8 s a lesson on a loaded 2-core machine).

A high score is a reason to read two files side by side, never a verdict: short lessons (lesson 1
is a few lines) leave little room to differ, and two students who follow the lesson page closely
write alike.
"""

import io
from itertools import combinations
from pathlib import Path
from typing import Dict, List

from ..course import Lesson
from ..stubs import stub_source
from .submissions import Submission

NOISE = 25  # characters of tokenized code: shorter matches are noise (copydetect's default)
GUARANTEE = 25  # matches this long are always found (copydetect's default): the winnowing window
SHOWN = 10  # pairs listed per lesson
FLAGGED = 0.8  # share of the smaller file: the pairs at or above it are marked


class SimilarityError(Exception):
    """The similarity report cannot be made (copydetect missing): one line."""


def _copydetect():
    try:
        import copydetect
    except ImportError:
        raise SimilarityError("--similarity needs copydetect: pip install -e \".[similarity]\" (or pip install "
                              "copydetect)") from None
    return copydetect


def pairs(files: Dict[str, bytes], lesson: Lesson) -> List[tuple]:
    """(share, key A, key B, shared tokens) for every pair of the submissions in `files` (key -> the
    lesson file's bytes), highest share first; share is the part of the smaller file found in the other."""
    copydetect = _copydetect()
    window = GUARANTEE - NOISE + 1
    boilerplate = copydetect.CodeFingerprint(lesson.filename, NOISE, 1, fp=io.StringIO(stub_source(lesson))).hashes
    prints = {}
    for key, data in sorted(files.items()):
        text = data.decode("utf-8", "replace")
        prints[key] = copydetect.CodeFingerprint(lesson.filename, NOISE, window, boilerplate=list(boilerplate),
                                                 fp=io.StringIO(text))
    found = []
    for first, second in combinations(sorted(prints), 2):
        overlap, (share_first, share_second), _ = copydetect.compare_files(prints[first], prints[second])
        if overlap:
            found.append((round(float(max(share_first, share_second)), 4), first, second, int(overlap)))
    return sorted(found, key=lambda pair: (-pair[0], pair[1], pair[2]))


def write_similarity(contents: Dict[str, Dict[str, bytes]], submissions: Dict[str, Submission],
                     lessons: List[Lesson], path: Path) -> None:
    """similarity.md: for each lesson, the SHOWN most similar pairs (`contents`: submission key -> lesson
    file name -> bytes). Raises SimilarityError before writing anything when copydetect is missing."""
    _copydetect()
    lines = ["# Similar submissions", "",
             "Pairs of submissions by how much of the smaller file is found in the other (copydetect's winnowing "
             f"fingerprints, {NOISE}-character matches, the stub not counted). A share of {FLAGGED:.0%} or more is "
             "**marked**. A high share is a reason to read both files, not a verdict: short lessons leave little "
             "room to differ.", ""]
    for lesson in lessons:
        files = {key: found[lesson.filename] for key, found in contents.items() if lesson.filename in found}
        ranked = pairs(files, lesson)
        lines += [f"## Lesson {lesson.number}: {lesson.title}", "",
                  f"{len(files)} submission{'s hand' if len(files) != 1 else ' hands'} it in; {len(ranked)} pair{'s' * (len(ranked) != 1)} share"
                  f"{'s' * (len(ranked) == 1)} code beyond the stub.", ""]
        if ranked:
            lines += ["| share | submission | submission | shared tokens |", "|---:|---|---|---:|"]
            for share, first, second, overlap in ranked[:SHOWN]:
                mark = f"**{share:.0%}**" if share >= FLAGGED else f"{share:.0%}"
                lines.append(f"| {mark} | {_who(submissions[first])} | {_who(submissions[second])} | {overlap} |")
            lines.append("")
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


def _who(submission: Submission) -> str:
    names = ", ".join(student.name or student.id for student in submission.students)
    return f"{submission.key} ({names})" if names and names != submission.key else submission.key
