"""Debian's Redis on a loopback port, keeping nothing on disk (rate-limit counters and cached answers only).

>>> server = Redis(Path(tmp), port=free_port()).start()                             # doctest: +SKIP
>>> server.url                                                                        # doctest: +SKIP
'redis://127.0.0.1:6390/0'
"""

from __future__ import annotations

import signal
import socket
from pathlib import Path

from assistant.cli.cluster.processes import program, spawn, stop, wait_for


class Redis:
    """One ``redis-server`` whose log lives in ``folder``."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = Path(folder)
        self.port = port
        self.log = self.folder / "redis.log"
        self.pid: int | None = None

    @property
    def url(self) -> str:
        """Its URL for redis-py and ``limits``."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 20.0) -> Redis:
        """Start it and return when it answers PING."""
        server = program("redis-server", "redis-server")
        self.folder.mkdir(parents=True, exist_ok=True)
        process = spawn([server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                         "--dir", str(self.folder), "--protected-mode", "yes"], self.log)
        self.pid = process.pid
        wait_for(self.ready, timeout, f"Redis on port {self.port}", self.log, process)
        return self

    def ready(self) -> bool:
        """Whether it answers PING."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop it (SIGKILL to crash it)."""
        if self.pid:
            stop(self.pid, sig)
            self.pid = None
