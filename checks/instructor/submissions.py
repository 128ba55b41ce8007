"""Submissions: whose they are, where their lesson files are, and a fingerprint of what was handed in.

A class arrives as one of the exports an instructor actually has (`find_submissions`):

    Gradescope     "Export submissions": assignment_NNNN_export/ (or its zip) with submission_metadata.yml
                   and one submission_NNNN/ folder per submission; the metadata names each submitter
                   (:name, :sid, :email) and the submission's :created_at. A group submission gives
                   each member a row.
    Canvas         "Download submissions": submissions.zip of loose files named
                   `lastfirst_[late_]USERID_ATTACHMENTID_file.py` (a re-upload gets `-1` before `.py`).
    Moodle         "Download all submissions": `First Last_PARTICIPANT_assignsubmission_file_[file.py]`,
                   as loose files or, with "download submissions in folders", as folders.
    GitHub         `gh classroom clone student-repos`: ASSIGNMENT-submissions/ASSIGNMENT-USERNAME/, one git
    Classroom      repository per student (the common ASSIGNMENT- prefix is dropped).
    plain          one folder or .zip per student, named after the student.

Students hand in their lesson files flat or inside a `lessons/` folder (or deeper), in any order.
`lesson_files` finds them (the shallowest copy wins) and says which it refused and why (a symbolic
link, a file over 1 MB); `collect` writes them as `lessons/lessonNN_name.py` where the grader needs them.
A submission may be notebooks too (checks/instructor/notebooks.py): their `%%writefile lessons/...`
cells become the lesson files no `.py` file gives, and what is wrong with them is in `problems`.
"""

import csv
import hashlib
import io
import json
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

from ..course import LESSONS
from ..quoting import SHOWN_PATH, quote_learner
from .notebooks import MAX_NOTEBOOK
from .notebooks import lesson_files as notebook_lesson_files

LESSON_FILES = {lesson.filename for lesson in LESSONS}
MAX_FILE = 1024 ** 2  # bytes: a larger "lesson file" is not one
GRADESCOPE_METADATA = "submission_metadata.yml"
SUBMISSION_ENV = "CHECKS_SUBMISSION"  # tells the grader it grades a submission (checks/loading.py)
# Canvas: lowercase sortable name, an optional late mark, the user id, the attachment id, the file's name.
CANVAS_FILE = re.compile(r"^(?P<name>[a-z0-9]+)_(?P<late>late_)?(?P<id>\d+)_(?P<attachment>\d+)_(?P<file>.+)$",
                         re.IGNORECASE)
# Moodle: the full name, the participant id, the plugin, then the file's name (empty for a folder).
MOODLE_ENTRY = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_(?:file|onlinetext)_(?P<file>.*)$")
RESUBMITTED = re.compile(r"^(?P<stem>lesson\d\d_[a-z_]+)-\d+(?P<suffix>\.py)$")  # Canvas's `-1` on a re-upload


class SubmissionError(Exception):
    """A submission that cannot be read as one (not a zip, unreadable): one line."""


class ExportError(Exception):
    """A class folder that cannot be placed (an entry that belongs to no student): one line."""


@dataclass(frozen=True)
class Student:
    id: str  # what their row is keyed by: an SID, an LMS user id, a user name
    name: str = ""
    email: str = ""
    canvas_id: bool = False  # `id` is Canvas's own user id (its download's file names, its gradebook's ID column)


@dataclass
class Submission:
    """One hand-in, by one student or a group."""

    key: str  # unique in the class and safe as a file name: the state file's name
    students: List[Student]
    platform: str  # "gradescope", "canvas", "moodle", "github classroom" or "folder"
    sources: List[Tuple[str, Path]]  # (where it sits in the hand-in, a folder, zip or file on disk)
    submitted_at: Optional[datetime] = None  # from the export, when it has one (UTC)
    late_mark: bool = False  # the platform marked it late (Canvas's `late_` in the file name)


@dataclass
class LessonFiles:
    """What a submission holds for the grader."""

    files: Dict[str, bytes] = field(default_factory=dict)  # lesson file name -> the bytes graded
    paths: Dict[str, str] = field(default_factory=dict)  # lesson file name -> where it is in the submission
    refused: Dict[str, str] = field(default_factory=dict)  # lesson file name -> why it was not graded
    ignored: Dict[str, List[str]] = field(default_factory=dict)  # lesson file name -> further copies not graded
    others: int = 0  # files that are not lesson files (a README, a notebook without lesson cells)
    problems: Dict[str, str] = field(default_factory=dict)  # lesson file or notebook -> one line (notebooks.py)

    def shown(self, path: str) -> str:
        """A path in the hand-in as reports show it: bare when its folder names are plain, else quoted as the
        student's text (checks/quoting.py)."""
        return path if SHOWN_PATH.fullmatch(path) else quote_learner(path)

    def grader_env(self) -> str:
        """The value of $CHECKS_SUBMISSION: how the grader's messages name and refuse these files."""
        return json.dumps({"paths": self.paths, "refused": self.refused}, sort_keys=True)


# --- one submission's lesson files ------------------------------------------------------------

def lesson_files(sources: Iterable[Tuple[str, Path]]) -> LessonFiles:
    """Every lesson file in `sources` (folders, zips and loose files), by file name; the shallowest
    copy wins (the first in path order among equals). A symbolic link is never followed and a file
    over MAX_FILE never read: both are refused, with why. Then the lesson cells of its notebooks
    (up to MAX_NOTEBOOK each) give the lesson files no `.py` file gave."""
    candidates: Dict[str, List[Tuple[Tuple[str, ...], object]]] = {}
    notebooks: Dict[str, bytes] = {}
    found = LessonFiles()
    for shown, source in sources:
        for parts, kind, read in _entries(shown, source):
            name = RESUBMITTED.sub(r"\g<stem>\g<suffix>", parts[-1])
            if "__MACOSX" in parts or any(part.startswith(".") for part in parts):
                continue
            if name.endswith(".ipynb") and kind != "link" and kind <= MAX_NOTEBOOK:
                notebooks["/".join(parts)] = read()
                continue
            if name not in LESSON_FILES:
                found.others += 1
                continue
            candidates.setdefault(name, []).append((parts, (kind, read)))
    for name, copies in candidates.items():
        copies.sort(key=lambda copy: (len(copy[0]), copy[0]))
        parts, (kind, read) = copies[0]
        found.paths[name] = "/".join(parts)
        found.ignored.update({name: ["/".join(other) for other, _ in copies[1:]]} if len(copies) > 1 else {})
        if kind == "link":
            found.refused[name] = "is a symbolic link, not a file: hand in the file itself"
        elif kind > MAX_FILE:
            found.refused[name] = (f"is {kind / 1024 ** 2:.1f} MB: a lesson file is at most {MAX_FILE // 1024 ** 2} MB, "
                                   "so this is not one; hand in your own lesson file")
        else:
            found.files[name] = read()
    if notebooks:
        from_notebooks, found.problems = notebook_lesson_files(notebooks, {**found.files, **found.refused},
                                                               found.paths)
        found.files.update(from_notebooks)
    return found


def _entries(shown: str, source: Path):
    """(path parts in the hand-in, size in bytes or "link", a function reading the bytes) of each file."""
    prefix = tuple(part for part in Path(shown).parts if part not in ("", "."))
    if source.is_symlink():
        yield prefix, "link", None
    elif source.is_dir():
        for folder, dirs, names in os.walk(source, followlinks=False):
            dirs.sort()
            for name in sorted(names) + [name for name in dirs if (Path(folder) / name).is_symlink()]:
                path = Path(folder) / name
                parts = prefix + path.relative_to(source).parts
                if path.is_symlink():
                    yield parts, "link", None
                elif path.is_file():
                    yield parts, path.stat().st_size, path.read_bytes
    elif zipfile.is_zipfile(source):
        archive = zipfile.ZipFile(source)
        for info in sorted(archive.infolist(), key=lambda info: info.filename):
            if info.is_dir():
                continue
            # Only the name is used, never the member's path: `..` and absolute paths reach nothing.
            parts = prefix[:-1] + tuple(part for part in info.filename.replace("\\", "/").split("/")
                                        if part not in ("", ".", ".."))
            if stat.S_ISLNK(info.external_attr >> 16):
                yield parts, "link", None
            else:
                yield parts, info.file_size, (lambda info=info: archive.read(info))
    elif source.is_file() and source.suffix.lower() != ".zip":
        yield prefix, source.stat().st_size, source.read_bytes
    else:
        raise SubmissionError(f"{source.name} is neither a folder nor a zip file")


def collect(files: Dict[str, bytes], folder: Path) -> Path:
    """Write `files` as `folder/lessons/`, with the package marker the lessons need; return that folder."""
    lessons = folder / "lessons"
    lessons.mkdir(parents=True)
    (lessons / "__init__.py").write_text("")
    for name, data in files.items():
        (lessons / name).write_bytes(data)
    return lessons


def fingerprint(files: Dict[str, bytes], salt: Iterable[str] = ()) -> str:
    """A hash of the submitted lesson files (names and bytes), and of `salt` (what they were graded with)."""
    digest = hashlib.sha256()
    for item in salt:
        digest.update(item.encode() + b"\0")
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


# --- a class: whose each hand-in is -----------------------------------------------------------

def find_submissions(folder: Path, unpack: Path) -> List[Submission]:
    """Every submission in a class folder, each with its students; ExportError (one line) for an
    entry that belongs to no one. Zips of a whole export are unpacked under `unpack`."""
    if (folder / GRADESCOPE_METADATA).is_file():
        return _gradescope(folder)
    submissions: List[Submission] = []
    loose: Dict[str, List[Path]] = {"canvas": [], "moodle": []}
    repos: List[Path] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "__")):
            continue
        export = _export_inside(path, unpack)
        if export is not None:
            submissions += _gradescope(export)
        elif MOODLE_ENTRY.match(path.name):
            loose["moodle"].append(path)
        elif path.is_file() and CANVAS_FILE.match(path.name):
            loose["canvas"].append(path)
        elif path.is_dir() and (path / ".git").exists():
            repos.append(path)
        elif path.is_dir() or path.suffix.lower() == ".zip":
            name = path.stem if path.is_file() else path.name
            submissions.append(Submission(safe_key(name), [Student(name)], "folder", [("", path)]))
        elif path.name in LESSON_FILES:
            raise ExportError(f"{path} is a lesson file on its own, not a student's submission: put each student's "
                              "files in a folder or .zip named after them")
        else:
            raise ExportError(f"cannot tell whose submission {path} is: it is not a folder, a .zip, a Gradescope "
                              "export or a Canvas or Moodle download file; move it out of the submissions folder")
    submissions += _canvas(loose["canvas"]) + _moodle(loose["moodle"]) + _classroom(repos)
    return _unique_keys(submissions)


def _export_inside(path: Path, unpack: Path) -> Optional[Path]:
    """The folder of the Gradescope export at `path` (a folder, or a zip unpacked under `unpack`), else None."""
    if path.is_dir():
        inner = [path] + [child for child in sorted(path.iterdir()) if child.is_dir()]
        return next((candidate for candidate in inner if (candidate / GRADESCOPE_METADATA).is_file()), None)
    if path.suffix.lower() != ".zip" or not zipfile.is_zipfile(path):
        return None
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        metadata = [name for name in names if name.rstrip("/").split("/")[-1] == GRADESCOPE_METADATA
                    and name.count("/") <= 1]
        if not metadata:
            return None
        target = unpack / safe_key(path.stem)
        extract(archive, target)
    return target / metadata[0].rsplit(GRADESCOPE_METADATA, 1)[0]


def extract(archive: zipfile.ZipFile, target: Path) -> None:
    """Unpack `archive` into `target`: `..` and absolute paths stay inside (zipfile drops them), and a
    symbolic link becomes a link to nowhere, so that it is refused as one, never read as a file."""
    for info in archive.infolist():
        if stat.S_ISLNK(info.external_attr >> 16):
            parts = [part for part in info.filename.split("/") if part not in ("", ".", "..")]
            if parts:
                link = target.joinpath(*parts)
                link.parent.mkdir(parents=True, exist_ok=True)
                if not link.exists() and not link.is_symlink():
                    os.symlink(".symbolic-link-in-the-zip", link)
        else:
            archive.extract(info, target)


def _gradescope(export: Path) -> List[Submission]:
    """The submissions of a Gradescope export, from its submission_metadata.yml."""
    try:
        import yaml
    except ImportError:
        raise ExportError("reading a Gradescope export needs PyYAML: pip install pyyaml") from None
    try:
        metadata = yaml.safe_load((export / GRADESCOPE_METADATA).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ExportError(f"cannot read {export / GRADESCOPE_METADATA}: {str(error).splitlines()[0]}") from None
    if not isinstance(metadata, dict):
        raise ExportError(f"{export / GRADESCOPE_METADATA} is not a Gradescope export's metadata (no submissions)")
    unlisted = sorted(path.name for path in export.iterdir() if path.is_dir() and path.name not in metadata
                      and not path.name.startswith((".", "__")))
    if unlisted:
        raise ExportError(f"{export / unlisted[0]} is not in {GRADESCOPE_METADATA}, so whose it is is unknown: "
                          "export the submissions again, or move it out")
    submissions = []
    for key, entry in sorted(metadata.items(), key=lambda item: str(item[0])):
        entry = entry if isinstance(entry, dict) else {}
        students = [Student(str(person.get(":sid") or person.get(":email") or person.get(":name") or key),
                            str(person.get(":name") or ""), str(person.get(":email") or ""))
                    for person in entry.get(":submitters") or [] if isinstance(person, dict)]
        if not students:
            raise ExportError(f"{export / GRADESCOPE_METADATA}: {key} names no submitter")
        folder = export / str(key)
        submissions.append(Submission(safe_key(str(key)), students, "gradescope",
                                      [("", folder)] if folder.exists() else [], _utc(entry.get(":created_at"))))
    return submissions


def _utc(value) -> Optional[datetime]:
    """Gradescope's :created_at (PyYAML reads `2023-12-02 02:52:07.938335000 Z` as a datetime) in UTC."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(re.sub(r"\s*Z$", "+00:00", value.strip()))
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def _canvas(paths: List[Path]) -> List[Submission]:
    by_id: Dict[str, Submission] = {}
    for path in paths:
        match = CANVAS_FILE.match(path.name)
        submission = by_id.setdefault(match["id"], Submission(
            safe_key(match["id"]), [Student(match["id"], match["name"], canvas_id=True)], "canvas", []))
        submission.sources.append((match["file"], path))
        submission.late_mark = submission.late_mark or bool(match["late"])
    return list(by_id.values())


def _moodle(paths: List[Path]) -> List[Submission]:
    by_id: Dict[str, Submission] = {}
    for path in paths:
        match = MOODLE_ENTRY.match(path.name)
        submission = by_id.setdefault(match["id"], Submission(
            safe_key(match["id"]), [Student(match["id"], match["name"])], "moodle", []))
        submission.sources.append((match["file"] if path.is_file() else "", path))
    return list(by_id.values())


def _classroom(repos: List[Path]) -> List[Submission]:
    """GitHub Classroom's clones, ASSIGNMENT-USERNAME: the user name is what follows the common prefix."""
    names = [repo.name for repo in repos]
    prefix = os.path.commonprefix(names) if len(names) > 1 else ""
    prefix = prefix[: prefix.rfind("-") + 1] if "-" in prefix else ""
    return [Submission(safe_key(repo.name[len(prefix):]), [Student(repo.name[len(prefix):])], "github classroom",
                       [("", repo)]) for repo in repos]


def safe_key(text: str) -> str:
    """`text` as a file name that is the same on every platform."""
    key = re.sub(r"[^A-Za-z0-9._@+-]+", "_", text.strip()).strip("._") or "student"
    return key[:100]


def _unique_keys(submissions: List[Submission]) -> List[Submission]:
    seen: Dict[str, int] = {}
    for submission in submissions:
        base = submission.key
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            submission.key = f"{base}-{seen[base]}"
    return submissions


# --- the roster --------------------------------------------------------------------------------

ROSTER_COLUMNS = {"id": ("id", "student_id", "student id", "sid", "id number", "sis user id", "username",
                         "login", "github_username", "github username", "roster_identifier"),
                  "name": ("name", "student", "full name", "student name"),
                  "email": ("email", "email address", "e-mail")}


def read_roster(path: Path) -> List[Student]:
    """The students of a roster CSV (columns id, name, email; the usual LMS headers are understood)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ExportError(f"cannot read the roster {path}: {getattr(error, 'strerror', None) or error}") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ExportError(f"the roster {path} is empty: give a CSV with a header row (id, name, email)")
    header = [cell.strip().lower() for cell in rows[0]]
    where = {column: next((header.index(name) for name in names if name in header), None)
             for column, names in ROSTER_COLUMNS.items()}
    if where["id"] is None and where["email"] is None:
        raise ExportError(f"the roster {path} has no id or email column (its header is {', '.join(rows[0])}): "
                          "name the columns id, name, email")
    # Canvas's own gradebook export: its ID column is Canvas's user id (beside SIS User ID, the school's)
    canvas = "sis user id" in header and where["id"] == header.index("id") if "id" in header else False
    students = []
    for row in rows[1:]:
        cell = {column: (row[index].strip() if index is not None and index < len(row) else "")
                for column, index in where.items()}
        if cell["id"] or cell["email"]:
            students.append(Student(cell["id"] or cell["email"], cell["name"], cell["email"],
                                    canvas_id=canvas and bool(cell["id"])))
    return students


def match_roster(student: Student, roster: List[Student]) -> Optional[Student]:
    """The roster's entry for `student`: by id, then email, then name (in any order of its words, so
    Canvas's `doejane` is Jane Doe), else None."""
    for same in (lambda entry: student.id and entry.id.lower() == student.id.lower(),
                 lambda entry: student.email and entry.email.lower() == student.email.lower(),
                 lambda entry: student.id and entry.email.lower().split("@")[0] == student.id.lower()):
        found = [entry for entry in roster if same(entry)]
        if len(found) == 1:
            return found[0]
    if student.name:
        letters = sorted(re.sub(r"[^a-z0-9]", "", student.name.lower()))
        found = [entry for entry in roster if entry.name and sorted(re.sub(r"[^a-z0-9]", "", entry.name.lower()))
                 == letters]
        if len(found) == 1:
            return found[0]
    return None
