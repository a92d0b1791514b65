"""Starting and stopping the stack's programs.

Each is found on this machine (or a message says what to install), started detached with its output in a
log file, waited for, and stopped by pid.

>>> program("sh", "dash")                                                         # doctest: +ELLIPSIS
'/...sh'
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path


class ClusterError(RuntimeError):
    """The stack could not be started or stopped; the message says why and what to do."""


def program(name: str, package: str, also: Sequence[str] = ()) -> str:
    """The path of ``name`` (on PATH, or one of the ``also`` globs); :class:`ClusterError` naming ``package``."""
    installed = sorted(path for pattern in also for path in glob.glob(pattern))  # the newest version last
    found = shutil.which(name) or (installed[-1] if installed else None)
    if not found:
        raise ClusterError(f"{name} is not installed: install Debian's {package} package "
                           f"(apt-get install {package}; `make test` installs it)")
    return found


def free_port() -> int:
    """A TCP port nothing listens on at 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:``port``."""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def spawn(command: Sequence[str], log: Path, env: dict[str, str] | None = None, user: str | None = None,
          cwd: Path | None = None) -> subprocess.Popen:
    """Start ``command`` in its own session (it outlives this process), output appended to ``log``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        return subprocess.Popen(list(command), stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                env=env, cwd=cwd, start_new_session=True, user=user,
                                group=pwd.getpwnam(user).pw_gid if user else None, extra_groups=[] if user else None)


def wait_for(check: Callable[[], bool], timeout: float, what: str, log: Path | None = None,
             process: subprocess.Popen | None = None) -> None:
    """Poll ``check`` until it is true; :class:`ClusterError` (with the log's tail) after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if process is not None and process.poll() is not None:
            break
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
    raise ClusterError(f"{what} did not start within {timeout:.0f} s" + (f"; its log ends:\n{tail}" if tail else ""))


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists (a zombie child is reaped and counts as gone)."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return Path(f"/proc/{pid}/stat").exists() and Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def stop(pid: int, sig: int = signal.SIGTERM, timeout: float = 15.0) -> None:
    """Send ``sig`` to ``pid``'s process group, then SIGKILL if it is still there after ``timeout`` s."""
    for current in (sig, signal.SIGKILL):
        try:
            os.killpg(pid, current)
        except ProcessLookupError:
            return
        except PermissionError:
            os.kill(pid, current)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not alive(pid):
                return
            time.sleep(0.05)
