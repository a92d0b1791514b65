"""A real PostgreSQL for the store's contract suite: Debian's server, started once per session on loopback."""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from assistant.cli.cluster.postgres import USER, Postgres
from assistant.cli.cluster.processes import free_port

_names = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    with tempfile.TemporaryDirectory(prefix="assistant-test-pg-") as folder:
        os.chmod(folder, 0o755)  # PostgreSQL's unprivileged user enters it (so its data goes when the folder does)
        server = Postgres(Path(folder) / "data", port=free_port()).start()
        yield server
        server.stop()


def fresh_postgres_database(server: Postgres) -> str:
    """A new empty database on ``server``; its URL."""
    name = f"contract_{next(_names)}"
    with psycopg.connect(host="127.0.0.1", port=server.port, user=USER, dbname="postgres", autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    return f"postgresql://{USER}@127.0.0.1:{server.port}/{name}"
