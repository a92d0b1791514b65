"""The whole local stack: PostgreSQL, Redis, N replicas and haproxy, described by ``D/cluster.json``.

>>> stack = up(Path("/tmp/stack"), replicas=3, port=8080)                          # doctest: +SKIP
>>> json.loads((Path("/tmp/stack") / "cluster.json").read_text())["url"]             # doctest: +SKIP
'http://127.0.0.1:8080'
>>> down(Path("/tmp/stack"))                                                         # doctest: +SKIP

Each replica is ``assistant serve`` on its own loopback port with the shared database, Redis, the shared
index folder (whose version pointer it watches) and the same identity key, believing the balancer's
forwarded address. The index is built (or found up to date) once before any replica starts.
``cluster.json`` holds every process's pid and port, so :func:`down` (another process, later) stops them all.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import sys
from pathlib import Path

import httpx

from assistant.cli.cluster.haproxy import Haproxy
from assistant.cli.cluster.postgres import Postgres
from assistant.cli.cluster.processes import ClusterError, alive, free_port, spawn, stop, wait_for
from assistant.cli.cluster.redis import Redis

CLUSTER_FILE = "cluster.json"


def replica_environment(folder: Path, name: str, database_url: str, redis_url: str,
                        overrides: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of one replica: this process's and ``overrides``, plus the stack's shared services."""
    secret_file = folder / "identity.secret"
    if not secret_file.exists():
        secret_file.touch(mode=0o600)
        secret_file.write_text(secrets.token_urlsafe(32), encoding="ascii")
    # A replica is one process (the balancer spreads the load over replicas), unless overrides say otherwise.
    return {**os.environ, "ASSISTANT_WORKERS": "1", **(overrides or {}),
            "ASSISTANT_DATABASE_URL": database_url, "ASSISTANT_REDIS_URL": redis_url,
            "ASSISTANT_INDEX_POLL_SECONDS": os.environ.get("ASSISTANT_INDEX_POLL_SECONDS", "1"),
            "ASSISTANT_REPLICA_NAME": name, "ASSISTANT_TRUSTED_PROXIES": "127.0.0.1",
            "ASSISTANT_IDENTITY_SECRET": secret_file.read_text(encoding="ascii").strip(),
            "ASSISTANT_SPOOL_DB": str(folder / name / "spool.sqlite3"), "OMP_WAIT_POLICY": "PASSIVE"}


def start_replica(folder: Path, name: str, port: int, database_url: str, redis_url: str,
                  overrides: dict[str, str] | None = None) -> int:
    """Start one replica (``assistant serve``) on ``port``; its pid. It is ready when ``/readyz`` says so."""
    command = [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    environment = replica_environment(folder, name, database_url, redis_url, overrides)
    return spawn(command, folder / name / "replica.log", env=environment).pid


def replica_ready(port: int) -> bool:
    """Whether the replica on ``port`` answers ``/readyz`` with 200."""
    try:
        return httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def read_cluster(folder: Path) -> dict:
    """``cluster.json`` of the stack in ``folder``; :class:`ClusterError` when there is none."""
    path = Path(folder) / CLUSTER_FILE
    if not path.exists():
        raise ClusterError(f"no cluster in {folder}: {path} does not exist (start one with `assistant cluster up`)")
    return json.loads(path.read_text(encoding="utf-8"))


def write_cluster(folder: Path, description: dict) -> None:
    """Write ``cluster.json`` (through a rename: a reader never sees half of it)."""
    path = Path(folder) / CLUSTER_FILE
    path.with_suffix(".tmp").write_text(json.dumps(description, indent=2), encoding="utf-8")
    path.with_suffix(".tmp").replace(path)


def restart_replica(folder: Path, name: str) -> int:
    """Start the replica ``name`` of the stack in ``folder`` again (after it died), on its port; its new pid."""
    description = read_cluster(folder)
    member = next(r for r in description["replicas"] if r["name"] == name)
    member["pid"] = start_replica(Path(folder), name, member["port"], description["postgres"]["url"],
                                  description["redis"]["url"], description.get("settings"))
    write_cluster(folder, description)
    return member["pid"]


def up(folder: Path, replicas: int, port: int, timeout: float = 300.0,
       overrides: dict[str, str] | None = None) -> dict:
    """Start the stack in ``folder`` and return its description once the balancer answers.

    ``overrides`` are ``ASSISTANT_*`` settings for every replica (kept in ``cluster.json`` as ``settings``).
    """
    folder = Path(folder).resolve()
    if (folder / CLUSTER_FILE).exists() and any(alive(p) for p in _pids(read_cluster(folder))):
        raise ClusterError(f"a cluster is already running in {folder}: `assistant cluster down --dir {folder}`")
    folder.mkdir(parents=True, exist_ok=True)
    _build_index(overrides or {})
    started: list[int] = []
    try:
        postgres = Postgres(folder / "postgres", free_port()).start()
        started.append(postgres.pid)
        redis = Redis(folder / "redis", free_port()).start()
        started.append(redis.pid)
        _migrate(postgres.url)
        ports = [free_port() for _ in range(replicas)]
        members = []
        for n, replica_port in enumerate(ports, 1):
            pid = start_replica(folder, f"replica-{n}", replica_port, postgres.url, redis.url, overrides)
            started.append(pid)
            members.append({"name": f"replica-{n}", "pid": pid, "port": replica_port})
        for member in members:
            wait_for(lambda p=member["port"]: replica_ready(p), timeout, member["name"],
                     folder / member["name"] / "replica.log")
        balancer = Haproxy(folder / "haproxy", port, ports).start(timeout)
        started.append(balancer.pid)
    except BaseException:
        for pid in reversed(started):
            stop(pid, signal.SIGINT)
        raise
    description = {"url": balancer.url, "replicas": members,
                   "postgres": {"pid": postgres.pid, "port": postgres.port, "url": postgres.url,
                                "data": str(postgres.folder)},
                   "redis": {"pid": redis.pid, "port": redis.port, "url": redis.url},
                   "balancer": {"pid": balancer.pid, "port": balancer.port, "config": str(balancer.config)},
                   "settings": overrides or {}}
    write_cluster(folder, description)
    return description


def down(folder: Path) -> list[int]:
    """Stop every process of the stack in ``folder`` (replicas first, PostgreSQL last); the pids stopped."""
    description = read_cluster(folder)
    pids = _pids(description)
    for pid in pids:
        stop(pid, signal.SIGINT if pid == description["postgres"]["pid"] else signal.SIGTERM)
    left = [pid for pid in pids if alive(pid)]
    if left:
        raise ClusterError(f"processes {left} did not stop")
    data = Path(description["postgres"]["data"])
    if not data.is_relative_to(Path(folder).resolve()):  # made elsewhere, as PostgreSQL's user could not enter D
        shutil.rmtree(data, ignore_errors=True)
    (Path(folder) / CLUSTER_FILE).unlink()
    return pids


def _pids(description: dict) -> list[int]:
    return [*(r["pid"] for r in description["replicas"]), description["balancer"]["pid"],
            description["redis"]["pid"], description["postgres"]["pid"]]


def _build_index(overrides: dict[str, str]) -> None:
    """Build the index the replicas will serve (nothing to do when it is up to date)."""
    from assistant.config import Settings
    from assistant.service import index_builder

    names = {f"ASSISTANT_{name.upper()}" for name in Settings.model_fields}
    index_builder(Settings(**{k.removeprefix("ASSISTANT_").lower(): v for k, v in overrides.items() if k in names}))\
        .build()


def _migrate(url: str) -> None:
    """Create the shared tables once, before replicas race to."""
    from assistant.store.database import Database

    Database(url).engine()
