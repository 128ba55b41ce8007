"""`python -m checks autograder FILE.zip`: the course as a Gradescope autograder.

Building (on the instructor's machine, from a clone of the course):

    python -m checks autograder autograder.zip [--lessons 1-7] [--visibility visible] [--time-limit 540]
                                               [--secret FILE] [--new-secret]

writes a zip with, at its root, what Gradescope asks for:

    setup.sh                 run once, as root, when Gradescope builds the image (gradescope/setup.sh)
    exam-secret              the instructor's secret: every submission sits a secret exam of its own
                             (checks/exam.py). By default the file beside the zip (autograder.exam-secret
                             for autograder.zip), created when missing; keep it to replay a student's grading
    run_autograder           run for every submission (gradescope/run_autograder)
    four_or_five-*.whl       the course, built from this clone (stubs made afresh from solutions/)
    requirements.txt         its dependencies, pinned to the versions installed here, with the newest
                             releases that install on Python 3.10 (Gradescope's Ubuntu 22.04) where
                             those need a newer Python

Grading (inside Gradescope's container; run_autograder calls it):

    python -m checks.instructor.autograder run --submission DIR --results FILE [--lessons ...] [--exam-secret F]

finds the lesson files wherever the student put them, copies them into a fresh course folder,
grades them with the real grader (`python -m checks N ... --json`, the same results.json writer
as `--json` and grade-class) and writes Gradescope's results.json, with Markdown output: a summary
table for the submission and each failed check's explanation. It always writes a results.json:
a grader that crashes or runs out of time gives a score of 0 and a message.

    python -m checks.instructor.autograder check-install --user USER

is setup.sh's last step: it fails the image's build unless USER can run Python and import NumPy
but cannot read the installed grader and reference.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
import zipfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from .. import exam, sandbox
from ..cli import lesson_keys
from ..course import LESSONS, Lesson
from .submissions import SUBMISSION_ENV, LessonFiles, collect, lesson_files

COURSE_FILES = Path(__file__).resolve().parent.parent.parent
TEMPLATES = Path(__file__).resolve().parent / "gradescope"
PREFIX = "/opt/four-or-five"  # where setup.sh installs the course and its Python environment
WORKER_USER = "learner-code"  # the unprivileged user setup.sh creates for the learner's code
TIME_LIMIT = 540.0  # seconds the grading of one submission may take (Gradescope's default limit is 600)
VISIBILITIES = ("visible", "after_due_date", "after_published")
# The newest releases that install on Python 3.10 (Gradescope's Ubuntu 22.04), for the packages
# whose version installed here needs a newer Python, and the back-ports only Python 3.10 needs.
FOR_PYTHON_310 = {"numpy": "2.2.6", "matplotlib": "3.10.9", "contourpy": "1.3.2", "fonttools": "4.65.0",
                  "pillow": "12.3.0", "kiwisolver": "1.5.1", "exceptiongroup": "1.3.2", "tomli": "2.5.0",
                  "hypothesis": "6.168.5", "python-dateutil": "3.0.0", "platformdirs": "4.12.4"}
PYTHON_310 = "3.10.12"  # Ubuntu 22.04's


class BuildError(Exception):
    """Bad input or a failed build: one line, exit code 2."""


# --- building the zip ------------------------------------------------------------------------

def secret_beside(zip_path: Path) -> Path:
    """The exam secret's file for the zip `zip_path` when --secret does not name one: autograder.exam-secret."""
    return zip_path.with_suffix(".exam-secret")


def build(zip_path: Path, lessons: Optional[Sequence[Lesson]] = None, visibility: str = "visible",
          time_limit: float = TIME_LIMIT, secret: Optional[Path] = None, new_secret: bool = False) -> int:
    """Write the autograder zip; 0 when written. BuildError (one line) for bad input or a failed build.

    `secret`: the exam secret's file (default `secret_beside(zip_path)`, created when missing; an explicit
    one must exist); `new_secret`: write a fresh one there first (the old one is kept beside it)."""
    lessons = sorted(set(lessons or [lesson for lesson in LESSONS if lesson.part == 1]), key=lambda lesson: lesson.number)
    if zip_path.suffix.lower() != ".zip":
        raise BuildError(f"{zip_path} does not end in .zip: Gradescope takes the autograder as a .zip file")
    if zip_path.is_dir():
        raise BuildError(f"{zip_path} is a folder: give the path of the .zip file to write")
    if not zip_path.resolve().parent.is_dir():
        raise BuildError(f"cannot write {zip_path}: its folder does not exist")
    if visibility not in VISIBILITIES:
        raise BuildError(f"--visibility must be one of {', '.join(VISIBILITIES)}, got {visibility}")
    if not 0 < time_limit <= 86400:
        raise BuildError(f"--time-limit must be between 0 and 86400 seconds, got {time_limit:g}")
    if not (COURSE_FILES / "pyproject.toml").is_file():
        raise BuildError(f"no pyproject.toml in {COURSE_FILES}: build the autograder from a clone of the course "
                         "(`pip install -e .` there)")
    secret_path = secret or secret_beside(zip_path)
    try:
        if new_secret or (secret is None and not secret_path.exists()):
            exam_secret = exam.create_secret(secret_path)
            print(f"exam secret {exam.secret_id(exam_secret)} written to {secret_path}: keep it private, and keep it "
                  "to replay a student's grading (docs/instructors.md)")
        else:
            exam_secret = exam.read_secret(secret_path)
    except exam.SecretError as error:
        raise BuildError(str(error)) from None
    except OSError as error:
        raise BuildError(f"cannot write the exam secret {secret_path}: {error.strerror or error}") from None
    options = ["--lessons", *[str(lesson.number) for lesson in lessons], "--visibility", visibility,
               "--time-limit", f"{time_limit:g}", "--exam-secret", f"{PREFIX}/exam-secret"]
    with tempfile.TemporaryDirectory(prefix="autograder-build-") as scratch:
        wheel = build_wheel(Path(scratch))
        requirements = pinned_requirements(wheel)
        scripts = {name: (TEMPLATES / name).read_text(encoding="utf-8").replace("@PREFIX@", PREFIX)
                   .replace("@USER@", WORKER_USER).replace("@OPTIONS@", " ".join(options))
                   for name in ("setup.sh", "run_autograder")}
        partial = zip_path.resolve().with_name(f".{zip_path.name}.partial")
        try:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, text in scripts.items():
                    _add(archive, name, text.encode("utf-8"), 0o755)
                _add(archive, "requirements.txt", "".join(line + "\n" for line in requirements).encode(), 0o644)
                _add(archive, "exam-secret", exam_secret.hex().encode() + b"\n", 0o600)
                _add(archive, wheel.name, wheel.read_bytes(), 0o644)
            os.replace(partial, zip_path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise BuildError(f"cannot write {zip_path}: {error.strerror or error}") from None
    points = sum(lesson.points for lesson in lessons)
    print(f"wrote {zip_path}: lessons {_span(lessons)} ({points} points), setup.sh, run_autograder, {wheel.name}, "
          f"requirements.txt ({len(requirements)} pins), exam secret {exam.secret_id(exam_secret)}. Upload it as the autograder of a Gradescope programming "
          "assignment (docs/instructors.md, \"On Gradescope\").")
    return 0


def _add(archive: zipfile.ZipFile, name: str, data: bytes, mode: int) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.external_attr = (0o100000 | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _span(lessons: Sequence[Lesson]) -> str:
    numbers = [lesson.number for lesson in lessons]
    if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
        return f"{numbers[0]}-{numbers[-1]}"
    return ", ".join(map(str, numbers))


def build_wheel(scratch: Path) -> Path:
    """The course's wheel, built offline from this clone's files (the stubs made afresh from
    solutions/, so an instructor's own work in lessons/ never ships)."""
    from ..stubs import stub_source

    source, dist = scratch / "source", scratch / "dist"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(COURSE_FILES / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
    for package in sorted(path for path in COURSE_FILES.iterdir() if (path / "__init__.py").is_file()):
        shutil.copytree(package, source / package.name, ignore=ignore)
    for lesson in LESSONS:
        (source / "lessons" / lesson.filename).write_text(stub_source(lesson), encoding="utf-8")
    code = "import sys\nfrom setuptools import build_meta\nbuild_meta.build_wheel(sys.argv[1])\n"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", code, str(dist)], cwd=source, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    wheels = sorted(dist.glob("*.whl"))
    if done.returncode != 0 or len(wheels) != 1:
        tail = done.stdout.decode("utf-8", "replace").strip().splitlines()
        raise BuildError(f"building the course's wheel failed (setuptools): {tail[-1] if tail else 'no output'}")
    return wheels[0]


def pinned_requirements(wheel: Path) -> List[str]:
    """requirement lines for the wheel's dependencies and theirs, each pinned (`name==version`).

    The versions are those installed here. Where one needs a newer Python than Gradescope's 3.10,
    Python 3.10 gets the release in FOR_PYTHON_310 instead (a line with a `python_version` marker
    each). A dependency not installed here and not in that table is left to pip (unpinned).
    """
    from importlib import metadata

    from packaging.markers import default_environment
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.utils import canonicalize_name

    with zipfile.ZipFile(wheel) as archive:
        meta = next(name for name in archive.namelist() if name.endswith(".dist-info/METADATA"))
        text = archive.read(meta).decode("utf-8")
    top = [line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Requires-Dist:")]
    here_env = default_environment()
    old_env = {**here_env, "python_version": "3.10", "python_full_version": PYTHON_310}
    here_minor = f"{sys.version_info[0]}.{sys.version_info[1]}"

    def installed(name: str):
        try:
            return metadata.distribution(name)
        except metadata.PackageNotFoundError:
            return None

    def closure(env: dict) -> Dict[str, Optional[str]]:
        found: Dict[str, Optional[str]] = {}
        todo = [Requirement(line) for line in top]
        while todo:
            requirement = todo.pop()
            if requirement.marker is not None and not requirement.marker.evaluate({**env, "extra": ""}):
                continue
            name = canonicalize_name(requirement.name)
            if name in found:
                continue
            dist = installed(name)
            found[name] = None
            if dist is None:
                continue
            supports = SpecifierSet(dist.metadata.get("Requires-Python") or "").contains(
                env["python_full_version"], prereleases=True)
            found[name] = dist.version if supports else None
            todo += [Requirement(line) for line in dist.requires or ()]
        return found

    here, old = closure(here_env), closure(old_env)
    lines = []
    same_python = here_minor == "3.10"
    for name in sorted(set(here) | set(old)):
        new_version = here.get(name)
        old_version = (old.get(name) or FOR_PYTHON_310.get(name)) if name in old else None
        if same_python or (name in here and name in old and new_version == old_version):
            version = new_version or old_version
            lines.append(f"{name}=={version}" if version else name)
            continue
        if name in here:
            lines.append(f'{name}=={new_version} ; python_version >= "{here_minor}"' if new_version
                         else f'{name} ; python_version >= "{here_minor}"')
        if name in old:
            lines.append(f'{name}=={old_version} ; python_version < "{here_minor}"' if old_version
                         else f'{name} ; python_version < "{here_minor}"')
    return lines


# --- grading one submission (inside Gradescope's container) ----------------------------------

def run(submission: Path, results: Path, lessons: Sequence[Lesson], visibility: str = "visible",
        time_limit: float = TIME_LIMIT, secret: Optional[Path] = None) -> int:
    """Grade `submission` into Gradescope's `results` (the secret exam of `secret`, the installed
    exam-secret); always writes it (a score of 0 and why when the grading itself failed). Prints the
    grader's report for the instructor (Gradescope's stdout)."""
    try:
        data = _grade(submission, lessons, visibility, time_limit, secret)
    except Exception as error:  # never leave a submission without results.json
        traceback.print_exc(file=sys.stdout)
        data = _failed(lessons, visibility, f"the grader failed ({type(error).__name__}: {error})")
    partial = results.with_name(f".{results.name}.partial")
    partial.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, results)
    print(f"score {data['score']:g} of {sum(lesson.points for lesson in lessons)}; results in {results}")
    return 0


def _grade(submission: Path, lessons: Sequence[Lesson], visibility: str, time_limit: float,
           secret: Optional[Path]) -> dict:
    with tempfile.TemporaryDirectory(prefix="autograder-") as scratch:  # root's alone (mode 700)
        course = Path(scratch) / "course"
        # Read here, by root: a symbolic link is never followed, a file over 1 MB never read (submissions.py).
        handed_in = lesson_files([("", submission)])
        files = handed_in.files
        lessons_dir = collect(files, course)
        missing = [lesson for lesson in lessons if lesson.filename not in handed_in.paths]
        found = ", ".join(f"{name} ({handed_in.shown(path)})" for name, path in sorted(handed_in.paths.items()))
        print(f"lesson files found: {found}" if found else "no lesson file found in the submission")
        command = [sys.executable, "-m", "checks", *[str(lesson.number) for lesson in lessons],
                   "--lessons-dir", str(lessons_dir), "--json", str(course / "results.json")]
        if secret is not None:
            command += ["--exam-secret", str(secret)]
        env = {key: value for key, value in os.environ.items()
               if key not in ("CHECKS_LESSONS", "CHECKS_RESULTS", "CHECKS_RESULTS_FD", "CHECKS_TIMEOUT")}
        env.update(NO_COLOR="1", COLUMNS="100", PYTHONDONTWRITEBYTECODE="1")
        env[SUBMISSION_ENV] = handed_in.grader_env()  # messages name the files where the student put them
        with open(course / "report.txt", "wb") as report:
            process = subprocess.Popen(command, cwd=course, env=env, stdin=subprocess.DEVNULL, stdout=report,
                                       stderr=subprocess.STDOUT, start_new_session=True)
            try:
                process.wait(timeout=time_limit)
            except subprocess.TimeoutExpired:
                sandbox.kill_tree(process)
                sandbox.end_descendants()  # lesson processes in sessions of their own, adopted by main()
                _show_report(course / "report.txt")
                return _failed(lessons, visibility, f"grading took longer than {time_limit:g} s and was stopped: "
                               "look for a loop that never ends, or a lesson far slower than it needs to be")
        _show_report(course / "report.txt")
        if not (course / "results.json").is_file():
            return _failed(lessons, visibility, f"the grader ended without results (exit code {process.returncode})")
        graded = json.loads((course / "results.json").read_text(encoding="utf-8"))
        statuses = _statuses(course / ".checks" / "last-grading.json")
    return _with_problems(_for_gradescope(graded, lessons, statuses, missing, handed_in, visibility),
                          handed_in.problems)


def _with_problems(graded: dict, problems: Dict[str, str]) -> dict:
    """The notebooks' problems (checks/instructor/notebooks.py), one line each, atop the summary and
    in place of the missing-file message of the lesson they concern."""
    if not problems:
        return graded
    for test in graded["tests"]:
        lesson = LESSONS[int(str(test["number"]).split(".")[0]) - 1]
        if lesson.filename in problems and test["status"] != "passed":
            test["output"] = f"**{problems[lesson.filename]}.**"
    lines = "".join(f"- {line}.\n" for _, line in sorted(problems.items()))
    graded["output"] = lines + "\n" + graded["output"]
    return graded


def _show_report(path: Path) -> None:
    text = path.read_bytes()[-4 * 1024 ** 2:].decode("utf-8", "replace")
    print("\n".join(line for line in text.splitlines() if not line.strip().startswith("replay: ")))
    sys.stdout.flush()


def _statuses(path: Path) -> Dict[str, str]:
    """Each lesson's status ('passing', 'failing', 'not started') from the grader's last-grading.json."""
    try:
        lessons = json.loads(path.read_text(encoding="utf-8"))["lessons"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {number: lesson.get("status", "") for number, lesson in lessons.items() if isinstance(lesson, dict)}


def _missing_message(lesson: Lesson) -> str:
    return (f"**`{lesson.filename}` is not in your submission.** Upload it with your other lesson files (on its "
            f"own or inside a `lessons/` folder, in the same submission): every check of lesson {lesson.number} "
            "fails until it is there.")


def _fence(text: str) -> str:
    """`text` as a Markdown code block, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _for_gradescope(graded: dict, lessons: Sequence[Lesson], statuses: Dict[str, str], missing: List[Lesson],
                    handed_in: LessonFiles, visibility: str) -> dict:
    """The grader's own results.json (checks/report.py, `gradescope`), made for Gradescope's page:
    Markdown output, a summary for the whole submission, a message for each missing file."""
    missing_numbers = {lesson.number for lesson in missing}
    for test in graded["tests"]:
        number = int(str(test["number"]).split(".")[0])
        if number in missing_numbers:
            test["output"] = _missing_message(LESSONS[number - 1])
        elif test["status"] != "passed" and statuses.get(str(number)) == "not started":
            test["output"] = _fence(test["output"] or "not started")
        elif test["status"] != "passed":
            test["output"] = (f"Run `python -m checks {number}` on your own machine to see this failure explained "
                              f"with a script that replays it, and `python -m checks hint {number}` for a hint.\n\n"
                              + _fence(test["output"] or "failed"))
        test["output_format"] = "md"
        test["visibility"] = visibility
    graded.update(output=_summary(graded, lessons, statuses, missing, handed_in), output_format="md",
                  test_output_format="md", visibility=visibility, stdout_visibility="hidden")
    return graded


def _summary(graded: dict, lessons: Sequence[Lesson], statuses: Dict[str, str], missing: List[Lesson],
             handed_in: LessonFiles) -> str:
    rows = ["| lesson | status | checks passed | points |", "|---|---|---:|---:|"]
    next_lesson = None
    for lesson in lessons:
        tests = [test for test in graded["tests"] if str(test["number"]).split(".")[0] == str(lesson.number)]
        passed = sum(test["status"] == "passed" for test in tests)
        points = sum(test["score"] for test in tests)
        status = "missing" if lesson in missing else statuses.get(str(lesson.number)) or (
            "passing" if passed == len(tests) else "failing")
        if status != "passing" and next_lesson is None:
            next_lesson = lesson
        rows.append(f"| {lesson.number}. {lesson.title} | {status} | {passed}/{len(tests)} | "
                    f"{points:.2f} / {lesson.points} |")
    lines = [f"**Four or five: {graded['score']:g} of {graded['max_score']:g} points** "
             f"(lessons {_span(lessons)}).", ""] + rows + [""]
    for lesson in missing:
        lines.append(f"- `{lesson.filename}` is not in your submission: upload it with the others.")
    for name, paths in sorted(handed_in.ignored.items()):
        lines.append(f"- `{name}` is in your submission more than once: graded the one nearest the top, ignored "
                     + ", ".join(f"`{handed_in.shown(path)}`" for path in paths) + ".")
    for name, why in sorted(handed_in.refused.items()):
        lines.append(f"- `{handed_in.shown(handed_in.paths[name])}` {why}.")
    if next_lesson is not None:
        lines.append(f"- Next: lesson {next_lesson.number}. On your own machine, `python -m checks "
                     f"{next_lesson.number}` explains its first failure and `python -m checks hint "
                     f"{next_lesson.number}` gives a hint; the grade here comes from the same checks.")
    else:
        lines.append("- Every check passes.")
    return "\n".join(lines).rstrip() + "\n"


def _failed(lessons: Sequence[Lesson], visibility: str, why: str) -> dict:
    """results.json for a submission the grader could not grade: a score of 0 and why."""
    return {"score": 0.0, "max_score": sum(lesson.points for lesson in lessons),
            "output": f"**The autograder could not grade this submission:** {why}.\n\nIf you cannot see why, tell "
                      "your instructor, who can see the grader's output.",
            "output_format": "md", "test_output_format": "md", "visibility": visibility,
            "stdout_visibility": "hidden", "tests": []}


# --- checking the installation (setup.sh's last step) ----------------------------------------

def check_install(user: str) -> int:
    """0 when `user` can run this Python and import NumPy, the worker and the support package, but can
    read neither the grader nor the reference; else 1, with one line saying what is wrong."""
    import pwd

    import numpy

    try:
        entry = pwd.getpwnam(user)
    except KeyError:
        print(f"check-install: no user {user}", file=sys.stderr)
        return 1
    course = COURSE_FILES
    command = [sys.executable, "-I", "-S", "-c",
               "import sys; sys.path[:0] = sys.argv[1:]; import numpy, worker.wire, digits.dataset; digits.dataset.load_digits()",
               str(Path(numpy.__file__).resolve().parent.parent), str(course)]
    secret = [course / "solutions" / "lesson01_sigmoid.py", course / "checks" / "grading.py",
              Path(PREFIX) / "exam-secret"]
    pid = os.fork()
    if pid == 0:  # the child becomes the user, as the grader's worker does
        try:
            os.setgroups([])
            os.setgid(entry.pw_gid)
            os.setuid(entry.pw_uid)
            readable = [str(path) for path in secret if os.access(path, os.R_OK)]
            os._exit(2 if readable else 0)
        except BaseException:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(f"check-install: {user} can read the grader or the reference in {course}" if code == 2
              else f"check-install: could not switch to {user}", file=sys.stderr)
        return 1
    imported = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              preexec_fn=_become(entry), cwd="/")
    if imported.returncode != 0:
        lines = imported.stderr.strip().splitlines()
        print(f"check-install: {user} cannot run {sys.executable} with NumPy and the worker: "
              f"{lines[-1] if lines else 'no output'}", file=sys.stderr)
        return 1
    if sandbox.confinement()["uid"] != entry.pw_uid:
        print(f"check-install: the grader would not run learner code as {user} (is $CHECKS_WORKER_USER {user}?)",
              file=sys.stderr)
        return 1
    print(f"check-install: {user} can run Python and NumPy and cannot read checks/ or solutions/ in {course}")
    return 0


def _become(entry):
    def change() -> None:
        os.setgroups([])
        os.setgid(entry.pw_gid)
        os.setuid(entry.pw_uid)

    return change


# --- the command line inside the container ---------------------------------------------------

def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checks.instructor.autograder")
    commands = parser.add_subparsers(dest="command", required=True)
    grade = commands.add_parser("run", help="grade one Gradescope submission into results.json")
    grade.add_argument("--submission", type=Path, default=Path("/autograder/submission"))
    grade.add_argument("--results", type=Path, default=Path("/autograder/results/results.json"))
    grade.add_argument("--lessons", nargs="+", default=["1-7"])
    grade.add_argument("--visibility", choices=VISIBILITIES, default="visible")
    grade.add_argument("--time-limit", type=float, default=TIME_LIMIT)
    grade.add_argument("--exam-secret", type=Path, help="the exam secret (setup.sh installs the zip's)")
    check = commands.add_parser("check-install", help="check the worker's user and the installation")
    check.add_argument("--user", default=WORKER_USER)
    args = parser.parse_args(argv)
    if args.command == "check-install":
        return check_install(args.user)
    from ..course import find_lesson

    sandbox.protect_grader()  # a subreaper: what a grader stopped on its time limit leaves behind is ours to end
    return run(args.submission, args.results, [find_lesson(key) for key in lesson_keys(args.lessons)],
               args.visibility, args.time_limit, args.exam_secret)


if __name__ == "__main__":
    sys.exit(main())
