"""Shared fixtures: one real index (real model, real FAISS) built once per test session, a live server.

The index is built from the project's corpus into a temporary folder, so tests never touch ``index/``.
"""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from assistant.api.server import server_config
from assistant.config import PROJECT_ROOT, Settings
from assistant.index.build import IndexBuilder
from assistant.index.embedding import Embedder
from assistant.index.loaded import PolicyIndex
from assistant.service import Assistant
from tests.fake_openai import FakeOpenAI

CORPUS_DIR = PROJECT_ROOT / "corpus"
#: One test address makes every request of the session: its limits are set out of reach here, and tests of
#: the limits themselves start servers with low limits of their own.
UNLIMITED = {"rate_limit_per_minute": 1_000_000, "rate_limit_burst": 1_000_000,
             "address_rate_limit_per_minute": 1_000_000, "address_rate_limit_burst": 1_000_000,
             "feedback_per_minute": 1_000_000, "feedback_per_address_per_minute": 1_000_000,
             "identity_tokens_per_minute": 1_000_000, "admin_failure_burst": 1_000_000, "concurrency_share": 1.0}


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(corpus_dir=CORPUS_DIR, index_dir=tmp_path_factory.mktemp("index"),
                    feedback_db=tmp_path_factory.mktemp("var") / "feedback.sqlite3", **UNLIMITED)



@pytest.fixture(scope="session")
def index(settings: Settings, embedder: Embedder) -> PolicyIndex:
    IndexBuilder(settings, embedder).build()
    return PolicyIndex.load(settings)


@pytest.fixture(scope="session")
def assistant(settings: Settings, index: PolicyIndex, embedder: Embedder) -> Assistant:
    return Assistant(settings, index, embedder)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_ready(url: str, process: subprocess.Popen, seconds: float = 90, log: Path | None = None) -> None:
    """Wait until the ``assistant serve`` ``process`` at ``url`` answers ``/readyz`` with 200; fail if it exits."""
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, log.read_text()[-3000:] if log else "assistant serve exited"
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"not ready within {seconds} s"
        time.sleep(0.1)


class LiveServer:
    """A uvicorn server for an ASGI app on a free loopback port, in a thread, configured as `assistant serve`
    configures it (head limits, no forwarding headers believed) with the app's settings."""

    def __init__(self, app) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        service = getattr(app.state, "service", None)
        settings = service.assistant.settings if service else Settings()
        config = server_config(app, settings, "127.0.0.1", self.port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def start(self, ready_path: str = "/readyz", timeout: float = 60) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + ready_path, timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"server at {self.url} not ready within {timeout} s")

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(assistant: Assistant) -> Iterator[LiveServer]:
    from assistant.api import create_app

    server = LiveServer(create_app(assistant)).start()
    yield server
    server.stop()


@pytest.fixture
def server_with(assistant: Assistant) -> Iterator:
    """Start a server whose settings differ from the session's (``start(base=None, **changes)``); stopped after
    the test."""
    from assistant.api import create_app

    started = []

    def start(base: Assistant | None = None, **changes) -> LiveServer:
        base = base or assistant
        configured = Assistant(base.settings.model_copy(update=changes), base.index, base.embedder)
        server = LiveServer(create_app(configured)).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        yield http


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    """A chat-completions server on loopback, fresh for each test."""
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture
def openai_assistant(settings: Settings, index: PolicyIndex, embedder: Embedder, fake_openai: FakeOpenAI) -> Assistant:
    """An assistant whose default backend is ``openai``, pointed at :func:`fake_openai`, with short timeouts."""
    configured = settings.model_copy(update={
        "backend": "openai", "openai_base_url": fake_openai.base_url, "openai_api_key": "test-key",
        "openai_model": "fake-model", "openai_read_timeout": 1.0, "openai_backoff": 0.05})
    return Assistant(configured, index, embedder)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the corpus that a test may edit."""
    target = tmp_path / "corpus"
    target.mkdir()
    for path in CORPUS_DIR.iterdir():
        if path.is_file():
            (target / path.name).write_bytes(path.read_bytes())
    return target


@pytest.fixture(scope="session")
def obedient_openai() -> Iterator[FakeOpenAI]:
    """A chat-completions server on loopback whose model follows instructions injected into its input."""
    from tests.obedient_openai import ObedientOpenAI

    server = ObedientOpenAI().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def obedient_assistant(settings: Settings, index: PolicyIndex, embedder: Embedder,
                       obedient_openai: FakeOpenAI) -> Assistant:
    """An assistant whose default backend is ``openai``, pointed at :func:`obedient_openai`.

    The read timeout is generous (the machine's cores are shared): a timed-out request would be answered
    by the extractive stand-in, and the attack it carried would not be tested at all.
    """
    configured = settings.model_copy(update={
        "backend": "openai", "openai_base_url": obedient_openai.base_url, "openai_api_key": "test-key",
        "openai_model": "obedient-model", "openai_read_timeout": 30.0, "openai_backoff": 0.05})
    return Assistant(configured, index, embedder)
