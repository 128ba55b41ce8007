"""The grader's commands: hint tiers, reset (backup first, asks first), watch (a real file write,
a syntax error, Ctrl-C), one-line usage errors, and no command but reset writing to lessons/."""

import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from grader_support import ROOT, LESSONS, ctrl_c_works, learner_env, make_course, on_a_terminal, run_checks, snapshot, \
    solution, stub

TIERS = ("Nudge", "Concept", "Nearly the answer")


def _hint_texts(number):
    lesson = LESSONS[number - 1]
    text = (ROOT / "checks" / "hints" / f"{number:02d}-{lesson.slug}.md").read_text()
    return [part.strip() for part in re.split(r"^## .*$", text, flags=re.M)[1:]]


def _shown_tiers(stdout, number):
    return [int(tier) for tier in re.findall(rf"^Lesson {number}, hint (\d) of 3: ", stdout, re.M)]


# --- hint -----------------------------------------------------------------------------------------

def test_hints_come_one_tier_at_a_time(tmp_path):
    course = make_course(tmp_path)
    before = snapshot(course / "lessons")
    texts = _hint_texts(4)
    for expected in (1, 2, 3, 3):  # the next tier only, never the earlier ones again
        run = run_checks(course, "hint", "4")
        assert run.returncode == 0, run
        assert _shown_tiers(run.stdout, 4) == [expected], run
        assert f"hint {expected} of 3: {TIERS[expected - 1]}" in run.stdout and texts[expected - 1] in run.stdout, run
        for tier in set((1, 2, 3)) - {expected}:
            assert texts[tier - 1] not in run.stdout, f"hint {tier} shown with hint {expected}\n{run}"
        if expected < 3:
            assert f"`python -m checks hint 4` again shows hint {expected + 1}" in run.stdout, run
    other = run_checks(course, "hint", "2")  # each lesson has its own count
    assert _shown_tiers(other.stdout, 2) == [1], other
    assert snapshot(course / "lessons") == before, "hint wrote into lessons/"


@pytest.mark.parametrize("number", [lesson.number for lesson in LESSONS])
def test_hint_tier_option_shows_that_tier(tmp_path, number):
    course = make_course(tmp_path)
    run = run_checks(course, "hint", str(number), "--tier", "3")
    assert run.returncode == 0, run
    assert _shown_tiers(run.stdout, number) == [3], run
    assert _hint_texts(number)[2] in run.stdout and _hint_texts(number)[0] not in run.stdout, run
    assert len(_hint_texts(number)) == 3 and all(_hint_texts(number))


# --- reset ----------------------------------------------------------------------------------------

LEARNER_TEXT = solution(4).replace("dW1 = dZ1 @ X.T", "dW1 = dZ1 @ X.T  # my own note, é ü\t\n") + "\n# end\r\n"


def _backups(course):
    return sorted((course / "lessons" / ".backups").glob("*")) if (course / "lessons" / ".backups").exists() else []


def test_reset_keeps_a_backup_and_restores_the_stub(tmp_path):
    course = make_course(tmp_path)
    path = course / "lessons" / LESSONS[3].filename
    path.write_bytes(LEARNER_TEXT.encode())
    run = run_checks(course, "reset", "4", "--yes")
    assert run.returncode == 0, run
    assert path.read_text() == stub(4), "the stub is not restored"
    (backup,) = _backups(course)
    assert backup.read_bytes() == LEARNER_TEXT.encode(), "the backup is not the learner's exact text"
    assert str(backup.relative_to(course)) in run.stdout, f"the message does not name the backup\n{run}"
    again = run_checks(course, "reset", "4", "--yes")  # nothing to keep: no second backup
    assert again.returncode == 0 and "already the untouched stub" in again.stdout, again
    assert len(_backups(course)) == 1
    path.write_text("# a second attempt\n")  # a later reset keeps that one too: nothing is ever lost
    assert run_checks(course, "reset", "4", "--yes").returncode == 0
    assert sorted(b.read_bytes() for b in _backups(course)) == sorted([LEARNER_TEXT.encode(),
                                                                         b"# a second attempt\n"])


def test_reset_asks_first_and_refuses_without_a_terminal(tmp_path):
    course = make_course(tmp_path)
    path = course / "lessons" / LESSONS[3].filename
    path.write_bytes(LEARNER_TEXT.encode())
    before = snapshot(course / "lessons")
    run = run_checks(course, "reset", "4")  # stdin is /dev/null: not a terminal
    assert run.returncode == 2, run
    assert run.stderr.startswith("error:") and len(run.stderr.strip().splitlines()) == 1, run
    assert "--yes" in run.stderr and "Traceback" not in run.stderr, run
    assert snapshot(course / "lessons") == before, "reset changed lessons/ without asking"


def test_reset_on_a_terminal_does_what_the_answer_says(tmp_path):
    course = make_course(tmp_path)
    path = course / "lessons" / LESSONS[3].filename
    path.write_bytes(LEARNER_TEXT.encode())
    code, output = on_a_terminal(course, "reset", "4", env=learner_env(), answer="n")
    assert code == 1 and "nothing changed" in output, output
    assert path.read_bytes() == LEARNER_TEXT.encode() and not _backups(course)
    code, output = on_a_terminal(course, "reset", "4", env=learner_env(), answer="y")
    assert code == 0 and "restored the stub" in output, output
    assert path.read_text() == stub(4) and len(_backups(course)) == 1


# --- nothing but reset writes to lessons/ -----------------------------------------------------------

def test_grading_hints_and_reports_leave_lessons_untouched(tmp_path):
    """Every command but reset, on a course with a failing lesson (replays are written) and a
    learner's environment without PYTHONDONTWRITEBYTECODE: lessons/ is byte for byte the same,
    no __pycache__, no replay, no report."""
    course = make_course(tmp_path, solved=(1,), files={3: solution(3).replace("np.mean", "np.sum")})
    before = snapshot(course / "lessons")
    assert run_checks(course, "--json", "r.json", "--junit", "r.xml").returncode == 1
    assert run_checks(course, "3").returncode == 1
    assert run_checks(course, "hint", "3").returncode == 0
    assert list((course / ".checks" / "replay").glob("lesson03_loss-*.py")), "no replay written"
    after = snapshot(course / "lessons")
    assert after == before, f"lessons/ changed: {sorted(set(after) ^ set(before))}"


def test_running_a_replay_script_leaves_lessons_untouched(tmp_path):
    course = make_course(tmp_path, files={3: solution(3).replace("np.mean", "np.sum")})
    assert run_checks(course, "3").returncode == 1
    (script, *_) = sorted((course / ".checks" / "replay").glob("lesson03_loss-*.py"))
    before = snapshot(course / "lessons")
    done = subprocess.run([sys.executable, str(script)], cwd=course, env=learner_env(), capture_output=True,
                          text=True, timeout=120)
    assert "got:" in done.stdout, done.stderr
    after = snapshot(course / "lessons")
    assert after == before, f"lessons/ changed: {sorted(set(after) ^ set(before))}"


# --- watch ----------------------------------------------------------------------------------------

class _Output:
    """A process's stdout read line by line in a thread, with a wait for text after a mark."""

    def __init__(self, stream):
        self.text, self.lines = "", queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in iter(stream.readline, b""):
            self.lines.put(line.decode("utf-8", "replace"))
        self.lines.put(None)

    def wait_for(self, pattern, start, seconds):
        """Wait until `pattern` appears in the output after position `start`; return its end."""
        deadline = time.monotonic() + seconds
        while True:
            found = re.search(pattern, self.text[start:], re.S)
            if found:
                return start + found.end()
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"waited {seconds} s for {pattern!r}; output so far:\n{self.text[start:]}")
            try:
                line = self.lines.get(timeout=min(left, 1))
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError(f"the watch ended before {pattern!r}:\n{self.text}")
            self.text += line


WATCHING = r"watching \S+ \(Ctrl-C to stop\)\n"


@pytest.mark.parametrize("poll", [False, True], ids=["events", "polling"])
def test_watch_regrades_on_save_survives_a_syntax_error_and_stops_on_ctrl_c(tmp_path, poll):
    course = make_course(tmp_path)
    path = course / "lessons" / LESSONS[0].filename
    watch = subprocess.Popen([sys.executable, "-m", "checks", "watch", "1", *(["--poll"] if poll else [])],
                             cwd=course, env=learner_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, preexec_fn=ctrl_c_works)
    try:
        out = _Output(watch.stdout)
        mark = out.wait_for(r"0/8 checks, 0\.0/10 points, not started.*?" + WATCHING, 0, 60)
        # The watcher is armed just after that line is printed (a save in between is missed; under
        # load, polling's first scan takes a moment): give it time before the first save.
        time.sleep(2)
        path.write_text(solution(1))  # a real save of a solved lesson
        mark = out.wait_for(r"saved: lesson01_sigmoid\.py.*?8/8 checks, 10\.0/10 points, passing.*?" + WATCHING,
                            mark, 60)
        path.write_text(solution(1) + "\ndef broken(:\n")  # a save with a syntax error
        mark = out.wait_for(r"saved: lesson01_sigmoid\.py.*?0/8 checks, 0\.0/10 points, failing.*?"
                            r"has a syntax error at line \d+.*?" + WATCHING, mark, 60)
        if not poll:  # and it goes on: fixing the file grades it again
            path.write_text(solution(1))
            out.wait_for(r"saved: lesson01_sigmoid\.py.*?8/8 checks.*?passing.*?" + WATCHING, mark, 60)
        assert watch.poll() is None, "the watch stopped by itself"
        watch.send_signal(signal.SIGINT)
        code = watch.wait(timeout=20)
        err = watch.stderr.read().decode("utf-8", "replace")
        out.wait_for(r"stopped watching", mark, 10)
        assert code == 0, (code, err)
        assert "Traceback" not in err and "Traceback" not in out.text, err
    finally:
        if watch.poll() is None:
            watch.kill()
            watch.wait()
    assert not (course / "lessons" / "__pycache__").exists()


# --- usage errors -----------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["11"], ["nonsense"], ["--timeout", "0"], ["--timeout", "-1"], ["--timeout", "abc"], ["--timeout", "nan"],
    ["--lessons-dir", "missing"], ["--bogus"], ["hint", "11"], ["hint", "4", "--tier", "4"], ["hint"],
    ["reset", "11", "--yes"], ["watch", "11"], ["--json", "no/such/folder/r.json"],
], ids=" ".join)
def test_bad_usage_is_one_error_line_and_exit_2(tmp_path, args):
    course = make_course(tmp_path)
    run = run_checks(course, *args, timeout=60)
    assert run.returncode == 2, run
    assert run.stderr.startswith("error: ") and len(run.stderr.strip().splitlines()) == 1, run
    assert "Traceback" not in run.stdout + run.stderr, run


def test_a_missing_lessons_folder_is_a_usage_error(tmp_path):
    run = run_checks(tmp_path)  # a folder without lessons/
    assert run.returncode == 2, run
    assert run.stderr.startswith("error: no lessons folder") and len(run.stderr.strip().splitlines()) == 1, run


def test_the_console_script_is_the_same_command(tmp_path):
    script = shutil.which("check-lessons")
    if script is None:
        pytest.skip("check-lessons is not installed (pip install -e .)")
    course = make_course(tmp_path)
    done = subprocess.run([script], cwd=course, env=learner_env(), capture_output=True, text=True, timeout=60)
    via_module = run_checks(course)
    assert done.returncode == via_module.returncode == 1
    assert done.stdout == via_module.stdout
