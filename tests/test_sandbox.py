"""The platform-specific code paths that this Linux machine does not take by itself: the answers
read by a thread (Windows has no select on pipes), the verdicts sent through a file (no fd
passing), and what `weakened()` says for each missing guard."""

import os
import time

import pytest

from checks import grading, remote, sandbox
from worker import wire


def test_answers_are_read_by_a_thread_where_select_cannot_wait_on_a_pipe():
    read_end, write_end = os.pipe()
    with os.fdopen(write_end, "wb") as writer:
        wire.send(writer, {"value": 1})
    channel = remote._Channel(None, os.fdopen(read_end, "rb"), threads=True)
    ends = time.monotonic() + 5
    assert channel.receive(ends) == ("answer", {"value": 1})
    assert channel.receive(ends) == ("ended", None)


def test_verdicts_travel_through_a_file_where_no_pipe_can_be_passed(monkeypatch, tmp_path):
    monkeypatch.setattr(grading.os, "name", "nt")
    channel = grading._Channel(tmp_path)
    assert channel.reader is None and channel.env == {"CHECKS_RESULTS": str(tmp_path / "results.jsonl")}
    (tmp_path / "results.jsonl").write_text('{"name": "test_x", "status": "passed"}\nnot json\n')
    records = []
    channel.collect(records)
    assert records == [{"name": "test_x", "status": "passed"}]


@pytest.mark.parametrize("plan, says", [
    ({"resource": False, "libc": True, "landlock": 7, "network": 1, "uid": None, "seccomp": True}, "no memory or output cap"),
    ({"resource": True, "libc": False, "landlock": 0, "network": None, "uid": None, "seccomp": False}, "learner code runs as you"),
    ({"resource": True, "libc": True, "landlock": 0, "network": 1, "uid": None, "seccomp": True}, "no Landlock"),
    ({"resource": True, "libc": True, "landlock": 3, "network": None, "uid": None, "seccomp": True},
     "the network is not cut"),
    ({"resource": True, "libc": True, "landlock": 7, "network": 1, "uid": None, "seccomp": False}, "no seccomp filter"),
], ids=["no resource", "no libc", "no landlock", "no network namespace", "no seccomp"])
def test_each_missing_guard_is_said(monkeypatch, plan, says):
    monkeypatch.setattr(sandbox, "confinement", lambda: {"drop_caps": False, "gid": None, **plan})
    monkeypatch.setattr(sandbox.sys, "platform", "linux")
    assert any(says in note for note in sandbox.weakened())


def test_nothing_is_said_when_every_guard_is_there(monkeypatch):
    plan = {"resource": True, "libc": True, "landlock": 7, "network": 1, "uid": None, "gid": None, "drop_caps": True,
            "seccomp": True}
    monkeypatch.setattr(sandbox, "confinement", lambda: plan)
    monkeypatch.setattr(sandbox.sys, "platform", "linux")
    assert sandbox.weakened() == []


def test_this_machine_confines_the_worker():
    """The guarantees the trust tests rely on are really in force here (Linux with Landlock)."""
    plan = sandbox.confinement()
    assert plan["libc"] and plan["resource"]
    assert plan["landlock"] >= 1, "no Landlock on this machine: the cheat tests would not prove the file rules"
    assert plan["network"] is not None or plan["landlock"] >= 4


def test_an_install_beside_numpy_hides_only_the_grader_and_the_reference(tmp_path):
    """A non-editable install puts checks/ and solutions/ in site-packages beside NumPy (and a venv
    links lib64 to lib): the worker may list that folder and read everything in it but those two."""
    site = tmp_path / "venv" / "lib" / "site-packages"
    for name in ("numpy", "checks", "solutions", "worker", "digits"):
        (site / name).mkdir(parents=True)
    (tmp_path / "venv" / "lib64").symlink_to(tmp_path / "venv" / "lib")
    (site / "numpy.pth").write_text("")
    hidden = [str(site / "checks"), str(site / "solutions")]
    found = dict(sandbox._beside(str(tmp_path / "venv"), hidden, set()))
    assert found[str(tmp_path / "venv")] is False and found[str(site)] is False  # listed, not read beneath
    for name in ("numpy", "worker", "digits", "numpy.pth"):
        assert found[str(site / name)] is True
    assert not [path for path in found if "checks" in path or "solutions" in path]


def test_a_stopped_grader_ends_with_all_it_started_in_any_session():
    """grade-class's runner stopped on its time limit: its lesson processes run in sessions of their
    own (out of reach of a process-group kill), and what they started, all go with it."""
    import subprocess
    import sys
    import time

    # runner -> a child in a new session -> a grandchild in another; each sleeps; pids on stdout.
    tree = ("import subprocess, sys\n"
            "child = subprocess.Popen([sys.executable, '-c', sys.argv[1], sys.argv[1], 'deeper'] if len(sys.argv) < 3"
            " else ['sleep', '300'], start_new_session=True)\n"
            "print(child.pid, flush=True)\n"
            "child.wait()\n")
    runner = subprocess.Popen([sys.executable, "-c", tree, tree], stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    pids = [int(runner.stdout.readline()), int(runner.stdout.readline())]
    time.sleep(0.2)
    assert all(os.path.exists(f"/proc/{pid}") for pid in pids)
    sandbox.kill_all_below(runner)
    time.sleep(0.2)
    alive = [pid for pid in pids if os.path.exists(f"/proc/{pid}")
             and open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"]
    assert runner.returncode is not None and alive == [], alive
