"""Everything platform-specific about confining the worker and protecting the grader, in one place.

The trusted processes (the `python -m checks` command and each lesson's pytest process)
call `protect_grader()`: on Linux they become non-dumpable (another process of the same
user can then neither ptrace them nor open their /proc files, pipes included) and child
subreapers (every process the worker starts, even a double-forked daemon in a new
session, is re-parented to them when its parent dies, so `end_descendants()` finds and
kills it before any report is written).

The worker is started with `start_worker()`: a session of its own, caps on
address space, file size and core dumps, and on Linux, as far as the machine allows:
the network cut (a network namespace of its own), an unprivileged user when the grader
runs as root and that user can run Python (else, as root, every capability dropped), and
Landlock: the worker can write nowhere but its scratch folder (so never to the course's
files), can read only the system, Python, its packages, `worker/` and `digits/` (so not
`checks/` or `solutions/`), and cannot signal or ptrace anything outside itself. Where
`forkable()`, the zygote that forks the workers (checks/remote.py) is started so, and each
worker it forks adds a Landlock layer of its own (`worker_ruleset()`): its own folder, and
no signal or ptrace out of it, so none into the zygote.

A platform without one of these skips it, never crashes; `weakened()` lists, in a few
words each, what was skipped and what that leaves open. macOS gets sessions and the
memory cap; Windows a process group only.
"""

import os
import signal
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

MEMORY_LIMIT = 3 * 1024 ** 3  # bytes of address space for the worker and a lesson's process
OUTPUT_LIMIT = 64 * 1024 ** 2  # bytes any one file they write may reach (a print flood)
WORKER_USER = os.environ.get("CHECKS_WORKER_USER", "nobody")  # the user to run learner code as, as root
WORKER_PROCESSES = 64  # processes the worker's user may have, where that user is its own

_PR_SET_DUMPABLE, _PR_SET_CHILD_SUBREAPER, _PR_GET_CHILD_SUBREAPER = 4, 36, 37
_PR_SET_NO_NEW_PRIVS, _PR_CAPBSET_DROP, _PR_SET_KEEPCAPS, _PR_CAP_AMBIENT, _PR_SET_SECCOMP = 38, 24, 8, 47, 22
_CLONE_NEWNET, _CLONE_NEWUSER, _CLONE_NEWIPC = 0x40000000, 0x10000000, 0x08000000
_CAP_DAC_READ_SEARCH = 2  # read any file and search any folder (Landlock still decides which)


def _libc():
    """The C library through ctypes, or None where there is none to call (Windows, a hidden ctypes)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True)
    except (ImportError, OSError):
        return None


def _resource():
    try:
        import resource

        return resource
    except ImportError:
        return None


# --- the trusted side -------------------------------------------------------------------------

def protect_grader() -> None:
    """Make this (trusted) process unreadable to learner code and the adopter of its orphans."""
    libc = _libc()
    if libc is not None:
        libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
        libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def limit_grader_process() -> None:
    """Caps for a lesson's pytest process (the trusted side), applied in the child before exec."""
    resource = _resource()
    if resource is not None:
        for limit, value in (("RLIMIT_AS", MEMORY_LIMIT), ("RLIMIT_FSIZE", OUTPUT_LIMIT)):
            try:
                resource.setrlimit(getattr(resource, limit), (value, value))
            except (AttributeError, ValueError, OSError):
                pass  # macOS refuses an address-space cap: the wall-clock limit still holds


def end_descendants(keep=()) -> None:
    """Kill every child of this process (except the pids in `keep`) and what they started.

    As a child subreaper this process adopts every orphan of the worker's tree, so killing
    children until none is left ends the whole tree, daemons included.
    """
    for _ in range(100):
        children = [pid for pid in _children() if pid not in keep]
        if not children:
            return
        for pid in children:
            _kill(pid)
        for pid in children:
            try:
                os.waitpid(pid, 0)
            except (ChildProcessError, OSError):
                pass
    time.sleep(0)


def kill_tree(process) -> None:
    """End the worker `process`, its process group, and (on Linux) everything it started."""
    if hasattr(os, "killpg"):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass
    try:
        process.kill()
    except OSError:
        pass
    try:
        process.wait(timeout=10)
    except Exception:
        pass


def kill_all_below(process) -> None:
    """End `process` and every process below it, whatever session each is in (Linux /proc;
    elsewhere its group only): a grader stopped on its time limit, with its lesson processes."""
    for _ in range(100):
        below = _descendants(process.pid)
        if not below:
            break
        for pid in below:
            _kill(pid)
    kill_tree(process)


def _children() -> List[int]:
    return _children_by_parent().get(os.getpid(), [])


def _descendants(root: int) -> List[int]:
    """The living processes below `root` (zombies are dead already: their parents reap them)."""
    tree, found, todo = _children_by_parent(living=True), [], [root]
    while todo:
        children = tree.get(todo.pop(), [])
        found += children
        todo += children
    return found


def _children_by_parent(living: bool = False) -> Dict[int, List[int]]:
    """Each process's children (only those not yet dead if `living`), from /proc (empty where there is none)."""
    children: Dict[int, List[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return children
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            if not (living and fields[0] == b"Z"):
                children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    return children


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass


def describe_exit(code: Optional[int]) -> str:
    """How a process that ended with `code` ended, as a phrase: "crashed (segmentation fault)"."""
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        why = {"SIGSEGV": "crashed (segmentation fault)", "SIGKILL": "was killed (out of memory?)",
               "SIGXFSZ": f"printed more than {OUTPUT_LIMIT // 1024 ** 2} MB", "SIGABRT": "aborted"}
        return why.get(name, f"was killed by {name}")
    return f"ended the grading process (exit code {code}: sys.exit, exit or os._exit?)"


# --- the worker ------------------------------------------------------------------------------

def start_worker(command: List[str], scratch: Path, **popen):
    """subprocess.Popen(command, **popen), confined; `scratch` is the one folder the worker may
    write (made writable for the worker's user here)."""
    import subprocess

    plan = confinement()
    if sys.platform == "win32":
        return subprocess.Popen(command, creationflags=subprocess.CREATE_NEW_PROCESS_GROUP, **popen)
    give_to_worker(scratch)
    confine, ruleset = _confining(plan, str(scratch))
    try:
        return subprocess.Popen(command, start_new_session=True, preexec_fn=confine, **popen)
    finally:
        if ruleset is not None:
            os.close(ruleset)


def give_to_worker(path: Path) -> None:
    """Make `path` (the worker's folder, or a file in it) the worker's user's, where that is not ours."""
    plan = confinement()
    if plan["uid"] is not None and hasattr(os, "chown"):
        os.chown(path, plan["uid"], plan["gid"])


def forkable() -> bool:
    """Can workers be forked from a zygote (checks/remote.py) here without weakening a guard?

    Only with Landlock, which gives each forked worker a layer of its own (no ptrace out of
    it, nor a signal from Landlock 6 on: so nothing into the zygote or its later workers; a
    zygote killed by an older kernel's worker only means fresh workers from then on), and in
    a child subreaper, which adopts each worker so that it is waited for, and its exit read,
    as before.
    """
    libc = _libc()
    if libc is None or not confinement()["landlock"] or not hasattr(os, "fork"):
        return False
    import ctypes

    flag = ctypes.c_int(0)
    return libc.prctl(_PR_GET_CHILD_SUBREAPER, ctypes.byref(flag), 0, 0, 0) == 0 and flag.value == 1


def worker_ruleset(folder: Path) -> Optional[int]:
    """The Landlock ruleset of a worker that may write only `folder` (made its user's here), as a file
    descriptor for the zygote to enforce in the worker it forks; None when one cannot be made."""
    plan = confinement()
    give_to_worker(folder)
    return _prepare_landlock(_libc(), plan["landlock"], str(folder), cut_tcp=plan["network"] is None)[1]


@lru_cache(maxsize=None)
def confinement() -> Dict:
    """What this machine allows, found once per process: the steps `_confining` will take."""
    libc = _libc()
    plan: Dict = {"landlock": _landlock_abi(libc) if libc is not None else 0, "resource": _resource() is not None,
                  "libc": libc is not None, "network": None, "uid": None, "gid": None, "drop_caps": False,
                  "read_cap": False, "seccomp": libc is not None and _seccomp_filter() is not None}
    if libc is not None and hasattr(os, "fork"):
        plan["network"] = _probe_namespaces(libc)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        account = _worker_account()
        if account and libc is not None:
            # A user that owns nothing of the course: as root (uid 0 owns the course's files) even
            # without capabilities the worker could chmod, utime or setxattr them. Where that user
            # cannot read Python itself (Python under /root), it keeps the one capability to read.
            plan["uid"], plan["gid"] = account
            plan["read_cap"] = not _probe_user(*account)
        else:
            plan["drop_caps"] = libc is not None
    return plan


def weakened() -> List[str]:
    """What this platform leaves open, a few words each (empty when every guard is in place)."""
    plan = confinement()
    notes = []
    if sys.platform == "win32":
        return ["Windows: learner code runs as you, with your files and network, and what it starts may "
                "outlive grading"]
    if not plan["resource"]:
        notes.append("no memory or output cap (no `resource` module)")
    if not plan["libc"]:
        notes.append("learner code runs as you: it can change your files, use the network and leave "
                     "processes behind (no Linux confinement here)")
        return notes
    if not plan["landlock"] and plan["uid"] is None:
        notes.append("no Landlock: learner code can change files you can change")
    if plan["network"] is None and plan["landlock"] < 4:
        notes.append("the network is not cut for learner code")
    if not plan["seccomp"]:
        notes.append("no seccomp filter: learner code can use UNIX sockets and System V IPC")
    return notes


def _confining(plan: Dict, scratch: str):
    """(the function the child runs before exec, the Landlock ruleset's fd for the parent to close)."""
    libc = _libc() if plan["libc"] else None
    landlock, ruleset = _prepare_landlock(libc, plan["landlock"], scratch, cut_tcp=plan["network"] is None) \
        if libc is not None and plan["landlock"] else (None, None)

    def confine() -> None:  # in the child, between fork and exec: each step skipped where unavailable
        resource = _resource() if plan["resource"] else None
        if resource is not None:
            for limit, value in (("RLIMIT_AS", MEMORY_LIMIT), ("RLIMIT_FSIZE", OUTPUT_LIMIT), ("RLIMIT_CORE", 0)):
                try:
                    resource.setrlimit(getattr(resource, limit), (value, value))
                except (AttributeError, ValueError, OSError):
                    pass
        if libc is None:
            return
        if plan["network"]:
            libc.unshare(plan["network"])
        if plan["uid"] is not None:
            if resource is not None:
                try:
                    resource.setrlimit(resource.RLIMIT_NPROC, (WORKER_PROCESSES, WORKER_PROCESSES))
                except (AttributeError, ValueError, OSError):
                    pass
            _become_worker_user(libc, plan)
        elif plan["drop_caps"]:
            _drop_bounding_set(libc, keep=())
        libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        if landlock is not None:
            landlock()
        if plan["seccomp"]:
            _enforce_seccomp(libc)

    return confine, ruleset


def _drop_bounding_set(libc, keep=()) -> None:
    for capability in range(64):
        if capability in keep:
            continue
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            break  # past the last capability this kernel knows


def _become_worker_user(libc, plan: Dict) -> None:
    """In the child, as root: the worker's user, with no capability but, where `read_cap`, the one
    to read files (kept across exec as an ambient capability), so it can run a Python only root can read."""
    import ctypes

    keep = (_CAP_DAC_READ_SEARCH,) if plan["read_cap"] else ()
    _drop_bounding_set(libc, keep)
    if keep:
        libc.prctl(_PR_SET_KEEPCAPS, 1, 0, 0, 0)
    os.setgroups([])
    os.setresgid(plan["gid"], plan["gid"], plan["gid"])
    os.setresuid(plan["uid"], plan["uid"], plan["uid"])
    if keep:
        class Header(ctypes.Structure):
            _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

        class Data(ctypes.Structure):
            _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                        ("inheritable", ctypes.c_uint32)]

        bits = 1 << _CAP_DAC_READ_SEARCH
        data = (Data * 2)(Data(bits, bits, bits), Data(0, 0, 0))
        if libc.capset(ctypes.byref(Header(0x20080522, 0)), data) != 0 or \
                libc.prctl(_PR_CAP_AMBIENT, 2, _CAP_DAC_READ_SEARCH, 0, 0) != 0:  # PR_CAP_AMBIENT_RAISE
            os._exit(71)  # never run learner code with privileges we did not mean to keep


def _worker_account():
    try:
        import pwd

        entry = pwd.getpwnam(WORKER_USER)
        return entry.pw_uid, entry.pw_gid
    except (ImportError, KeyError):
        return None


def _probe_user(uid: int, gid: int) -> bool:
    """Can `uid` run this Python and import NumPy? (As root only; a forked child tries.)"""
    import numpy

    root = Path(__file__).resolve().parent.parent
    needed = [sys.executable, os.path.dirname(numpy.__file__), str(root / "worker"), str(root / "digits")]
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            ok = all(os.access(path, os.R_OK | os.X_OK) for path in needed)
            os._exit(0 if ok else 1)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return status == 0


def _probe_namespaces(libc) -> Optional[int]:
    """The unshare flags that give a child a network and System V IPC of its own here (as root, or
    in a user namespace of its own), the network alone where IPC is refused, or None when none work."""
    base = 0 if os.geteuid() == 0 else _CLONE_NEWUSER
    for flags in (base | _CLONE_NEWNET | _CLONE_NEWIPC, base | _CLONE_NEWNET):
        pid = os.fork()
        if pid == 0:
            os._exit(0 if libc.unshare(flags) == 0 else 1)
        _, status = os.waitpid(pid, 0)
        if status == 0:
            return flags
    return None


# --- seccomp: no UNIX sockets, no System V IPC, no changes to any file's owner, mode or times ---

# The system calls refused (EPERM) to the worker, by machine: Landlock governs opening, writing
# and making files, but not a file's mode, owner, times or extended attributes, nor UNIX sockets
# (a path or an abstract name outside the worker) or System V IPC (shared memory between two
# workers of one grading), nor open_by_handle_at (which opens a file by a handle, not a path).
# socket() is refused for AF_UNIX only; the network is cut by a namespace (or Landlock) already.
_REFUSED = {
    "x86_64": (0xC000003E, 41, {
        "socketpair": 53, "shmget": 29, "shmat": 30, "shmctl": 31, "shmdt": 67, "semget": 64, "semop": 65,
        "semctl": 66, "msgget": 68, "msgsnd": 69, "msgrcv": 70, "msgctl": 71, "semtimedop": 220, "mq_open": 240,
        "mq_unlink": 241, "mq_timedsend": 242, "mq_timedreceive": 243, "mq_notify": 244, "mq_getsetattr": 245,
        "chmod": 90, "fchmod": 91, "chown": 92, "fchown": 93, "lchown": 94, "utime": 132, "utimes": 235,
        "futimesat": 261, "utimensat": 280, "fchownat": 260, "fchmodat": 268, "fchmodat2": 452, "setxattr": 188,
        "lsetxattr": 189, "fsetxattr": 190, "removexattr": 197, "lremovexattr": 198, "fremovexattr": 199,
        "setxattrat": 463, "removexattrat": 466, "name_to_handle_at": 303, "open_by_handle_at": 304}),
    "aarch64": (0xC00000B7, 198, {
        "socketpair": 199, "shmget": 194, "shmctl": 195, "shmat": 196, "shmdt": 197, "semget": 190,
        "semctl": 191, "semtimedop": 192, "semop": 193, "msgget": 186, "msgctl": 187, "msgrcv": 188,
        "msgsnd": 189, "mq_open": 180, "mq_unlink": 181, "mq_timedsend": 182, "mq_timedreceive": 183,
        "mq_notify": 184, "mq_getsetattr": 185, "fchmod": 52, "fchmodat": 53, "fchownat": 54, "fchown": 55,
        "utimensat": 88, "setxattr": 5, "lsetxattr": 6, "fsetxattr": 7, "removexattr": 14, "lremovexattr": 15,
        "fremovexattr": 16, "fchmodat2": 452, "setxattrat": 463, "removexattrat": 466, "name_to_handle_at": 264,
        "open_by_handle_at": 265}),
}
_AF_UNIX, _EPERM = 1, 1


@lru_cache(maxsize=None)
def _seccomp_filter() -> Optional[bytes]:
    """The BPF program (struct sock_filter[]) of the refusals above for this machine, or None."""
    import platform
    import struct

    machine = platform.machine().lower()
    if machine in ("amd64", "x86-64"):
        machine = "x86_64"
    if machine == "arm64":
        machine = "aarch64"
    if not sys.platform.startswith("linux") or machine not in _REFUSED:
        return None
    arch, socket_nr, refused = _REFUSED[machine]
    ld, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06  # BPF_LD|W|ABS, BPF_JMP|JEQ|K, BPF_JMP|JGE|K, BPF_RET|K
    allow, deny = 0x7FFF0000, 0x00050000 | _EPERM  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EPERM
    kill = 0x80000000  # SECCOMP_RET_KILL_PROCESS: a process of another machine type (x32, 32-bit)
    numbers = sorted(set(refused.values()))
    program = [(ld, 0, 0, 4), (jeq, 1, 0, arch), (ret, 0, 0, kill), (ld, 0, 0, 0)]
    if machine == "x86_64":
        program += [(jge, 0, 1, 0x40000000), (ret, 0, 0, kill)]  # the x32 ABI's numbers
    # socket(): refused for AF_UNIX (its first argument's low word), allowed otherwise; any other call
    # jumps over these five to the reload of its number and the list.
    program += [(jeq, 0, 4, socket_nr), (ld, 0, 0, 16), (jeq, 0, 1, _AF_UNIX), (ret, 0, 0, deny), (ret, 0, 0, allow),
                (ld, 0, 0, 0)]
    for index, number in enumerate(numbers):
        program.append((jeq, len(numbers) - index, 0, number))  # to the deny at the end
    program += [(ret, 0, 0, allow), (ret, 0, 0, deny)]
    return b"".join(struct.pack("<HBBI", *instruction) for instruction in program)


def _enforce_seccomp(libc) -> None:
    """Install the filter in this process (after no_new_privs); exit rather than run learner code without it."""
    import ctypes

    program = _seccomp_filter()
    buffer = ctypes.create_string_buffer(program, len(program))

    class Program(ctypes.Structure):
        _fields_ = [("length", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    if libc.prctl(_PR_SET_SECCOMP, 2, ctypes.byref(Program(len(program) // 8, ctypes.addressof(buffer))), 0, 0):
        os._exit(72)  # SECCOMP_MODE_FILTER refused


# --- Landlock (Linux 5.13+): the worker may write only its scratch folder ----------------------

_LANDLOCK_CREATE_RULESET, _LANDLOCK_ADD_RULE, _LANDLOCK_RESTRICT_SELF = 444, 445, 446


def _landlock_abi(libc) -> int:
    try:
        abi = libc.syscall(_LANDLOCK_CREATE_RULESET, None, 0, 1)  # LANDLOCK_CREATE_RULESET_VERSION
    except Exception:
        return 0
    return abi if abi > 0 else 0


def _readable_roots() -> List[Tuple[str, bool]]:
    """Where the worker may read, each as (path, its files too): the system, Python and its installed
    packages, the worker and the support package; never the folders `checks/` and `solutions/`.
    A folder that holds those two can be listed, and its other entries read."""
    import numpy

    course = Path(__file__).resolve().parent.parent
    roots = ["/usr", "/lib", "/lib64", "/lib32", "/bin", "/etc", "/proc", "/sys", "/dev", "/opt",
             sys.base_prefix, sys.prefix, str(Path(numpy.__file__).resolve().parent.parent),
             str(course / "worker"), str(course / "digits")]
    roots += [path for path in sys.path if "site-packages" in path or "dist-packages" in path]
    hidden = [str(course / "checks"), str(course / "solutions")]
    found: Dict[str, bool] = {}
    for root in roots:
        for path, files_too in _beside(os.path.realpath(root), hidden, set()):
            found[path] = found.get(path, False) or files_too
    return list(found.items())


def _beside(root: str, hidden: List[str], seen: set) -> List[Tuple[str, bool]]:
    """[(root, True)], or, where a folder to hide lies inside it, (root, False) (listed only) and
    its entries except that folder, in turn.

    A non-editable install puts `checks/` and `solutions/` in site-packages beside NumPy, and a
    system install under /usr: the worker reads everything there but those two folders.
    """
    if root in hidden or root in seen or not os.path.exists(root):
        return []
    seen.add(root)
    if not any(folder.startswith(root.rstrip(os.sep) + os.sep) for folder in hidden):
        return [(root, True)]
    try:
        entries = sorted(os.listdir(root))
    except OSError:
        return []
    # realpath: a link such as a venv's lib64 -> lib would otherwise open the hidden folders again
    return [(root, False)] + [found for entry in entries
                              for found in _beside(os.path.realpath(os.path.join(root, entry)), hidden, seen)]


def _prepare_landlock(libc, abi: int, scratch: str, cut_tcp: bool):
    """Build the ruleset in the parent; return (what the child calls to enforce it, the ruleset's fd)."""
    import ctypes

    read_file, read_dir = 1 << 2, 1 << 3
    write = (1 << 1) | sum(1 << bit for bit in range(4, 13))  # write a file; remove and make anything
    if abi >= 2:
        write |= 1 << 13  # REFER: move or link files across folders
    if abi >= 3:
        write |= 1 << 14  # TRUNCATE
    fields = [("handled_access_fs", ctypes.c_uint64)]
    if abi >= 4:
        fields.append(("handled_access_net", ctypes.c_uint64))
    if abi >= 6:
        fields.append(("scoped", ctypes.c_uint64))

    class RulesetAttr(ctypes.Structure):
        _fields_ = fields

    class PathBeneath(ctypes.Structure):
        _pack_ = 1
        _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

    attr = RulesetAttr()
    attr.handled_access_fs = write | read_file | read_dir
    if abi >= 4:
        attr.handled_access_net = 0b11 if cut_tcp else 0  # bind and connect TCP: refused with no rule
    if abi >= 6:
        attr.scoped = 0b11  # abstract unix sockets and signals: only within the worker's own domain
    ruleset = libc.syscall(_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.sizeof(attr), 0)
    if ruleset < 0:
        return None, None
    file_rights = (1 << 1) | read_file | ((1 << 14) if abi >= 3 else 0)
    rules = [(scratch, write | read_file | read_dir), (os.devnull, file_rights)]
    rules += [(root, (read_file if files_too else 0) | (read_dir if os.path.isdir(root) else 0))
              for root, files_too in _readable_roots()]
    for path, access in rules:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            continue
        rule = PathBeneath(access, fd)
        libc.syscall(_LANDLOCK_ADD_RULE, ruleset, 1, ctypes.byref(rule), 0)  # LANDLOCK_RULE_PATH_BENEATH
        os.close(fd)

    def enforce() -> None:
        if libc.syscall(_LANDLOCK_RESTRICT_SELF, ruleset, 0) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")

    return enforce, ruleset
