"""Real Redis (and the stack's other programs) on loopback for the replica tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.cli.cluster.processes import free_port
from assistant.cli.cluster.redis import Redis


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[Redis]:
    server = Redis(tmp_path / "redis", port=free_port()).start()
    yield server
    server.stop()
