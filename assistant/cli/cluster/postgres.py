"""Debian's PostgreSQL in a folder of its own, on a loopback port: ``initdb`` once, then ``postgres``.

>>> server = Postgres(Path(tmp) / "postgres", port=free_port()).start()          # doctest: +SKIP
>>> server.url                                                                      # doctest: +SKIP
'postgresql://assistant@127.0.0.1:54321/postgres'

PostgreSQL refuses to run as root, so as root it runs as an unprivileged user (``nobody``) who owns its
data folder; a folder that user cannot reach (inside a home folder only root may enter) is replaced by one
under the system's temporary folder. Only 127.0.0.1 is listened on, with trust authentication: a local
stack for development and tests, not a deployment (README: Deployment).
"""

from __future__ import annotations

import os
import pwd
import signal
import stat
import subprocess
import tempfile
from pathlib import Path

import psycopg

from assistant.cli.cluster.processes import ClusterError, program, spawn, stop, wait_for

_BIN = ["/usr/lib/postgresql/*/bin/{}"]
USER = "assistant"


def _reachable(folder: Path, uid: int) -> bool:
    """Whether the user ``uid`` may enter every folder above ``folder``."""
    for parent in folder.resolve().parents:
        mode = parent.stat()
        if not (mode.st_mode & stat.S_IXOTH or (mode.st_uid == uid and mode.st_mode & stat.S_IXUSR)):
            return False
    return True


class Postgres:
    """One PostgreSQL server whose data lives in ``folder``."""

    def __init__(self, folder: Path, port: int, run_as: str = "nobody") -> None:
        self.port = port
        self.user = run_as if os.geteuid() == 0 else None
        self.folder = Path(folder)
        self.log = self.folder.with_suffix(".log")
        self.pid: int | None = None

    @property
    def url(self) -> str:
        """Its SQLAlchemy URL (psycopg 3)."""
        return f"postgresql://{USER}@127.0.0.1:{self.port}/postgres"

    def start(self, timeout: float = 60.0) -> Postgres:
        """Create the data folder once, start the server and return when it takes connections."""
        initdb = program("initdb", "postgresql", [p.format("initdb") for p in _BIN])
        server = str(Path(initdb).with_name("postgres"))
        self._make_folder()
        if not (self.folder / "PG_VERSION").exists():
            done = subprocess.run([initdb, "-D", str(self.folder), "-U", USER, "-A", "trust", "-E", "UTF8",
                                   "--no-instructions"],
                                  capture_output=True, text=True, user=self.user, cwd=self.folder,
                                  check=False)
            if done.returncode:
                raise ClusterError(f"initdb failed in {self.folder}: {done.stderr.strip()[-1500:]}")
        process = spawn([server, "-D", str(self.folder), "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
                         "-c", "unix_socket_directories=", "-c", "max_connections=300"], self.log, user=self.user,
                        cwd=self.folder)
        self.pid = process.pid
        wait_for(self.ready, timeout, f"PostgreSQL on port {self.port}", self.log, process)
        return self

    def ready(self) -> bool:
        """Whether it answers a query."""
        try:
            with psycopg.connect(host="127.0.0.1", port=self.port, user=USER, dbname="postgres",
                                 connect_timeout=1) as connection:
                connection.execute("SELECT 1")
        except psycopg.Error:
            return False
        return True

    def stop(self, sig: int = signal.SIGINT) -> None:
        """Stop it (SIGINT: PostgreSQL's fast shutdown; SIGKILL to crash it)."""
        if self.pid:
            stop(self.pid, sig)
            self.pid = None

    def _make_folder(self) -> None:
        if self.user is None:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            return
        owner = pwd.getpwnam(self.user)
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        if not _reachable(self.folder, owner.pw_uid):
            # The user PostgreSQL runs as may not enter the stack's folder: its data goes where it may.
            self.folder = Path(tempfile.mkdtemp(prefix="assistant-postgres-"))
        self.folder.mkdir(mode=0o700, exist_ok=True)
        os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self.log.touch()
        os.chown(self.log, owner.pw_uid, owner.pw_gid)
