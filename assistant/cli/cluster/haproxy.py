"""Debian's haproxy in front of the replicas, with the configuration the README's deployment section shows.

>>> print(render_config(8080, [8101, 8102]).splitlines()[-1])
    server replica-2 127.0.0.1:8102 check

Health checks ask ``/readyz`` every second (a replica still warming up, or dead, gets no requests), and a
request whose connection to a replica failed is retried on another (``haproxy.cfg`` beside this file).
"""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import httpx

from assistant.cli.cluster.processes import ClusterError, program, spawn, stop, wait_for

TEMPLATE = Path(__file__).with_name("haproxy.cfg")


def render_config(balancer_port: int, replica_ports: list[int]) -> str:
    """The configuration for a balancer on ``balancer_port`` over replicas on ``replica_ports`` (loopback)."""
    servers = "\n".join(f"    server replica-{n} 127.0.0.1:{port} check" for n, port in enumerate(replica_ports, 1))
    return TEMPLATE.read_text(encoding="utf-8").format(balancer_port=balancer_port, servers=servers)


class Haproxy:
    """One haproxy process whose configuration and log live in ``folder``."""

    def __init__(self, folder: Path, port: int, replica_ports: list[int]) -> None:
        self.folder = Path(folder)
        self.port = port
        self.replica_ports = replica_ports
        self.config = self.folder / "haproxy.cfg"
        self.log = self.folder / "haproxy.log"
        self.pid: int | None = None

    @property
    def url(self) -> str:
        """The balancer's URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 180.0) -> Haproxy:
        """Write the configuration, check it, start haproxy and return once a replica answers through it."""
        binary = program("haproxy", "haproxy")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.config.write_text(render_config(self.port, self.replica_ports), encoding="utf-8")
        checked = subprocess.run([binary, "-c", "-q", "-f", str(self.config)], capture_output=True, text=True,
                                 check=False)
        if checked.returncode:
            raise ClusterError(f"haproxy refused {self.config}: {checked.stderr.strip()}")
        process = spawn([binary, "-db", "-f", str(self.config)], self.log)
        self.pid = process.pid
        wait_for(self.ready, timeout, f"the balancer on port {self.port}", self.log, process)
        return self

    def ready(self) -> bool:
        """Whether a replica answers ``/readyz`` through the balancer."""
        try:
            return httpx.get(self.url + "/readyz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop it."""
        if self.pid:
            stop(self.pid, sig)
            self.pid = None
