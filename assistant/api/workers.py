"""Serving on every core: worker processes that share one listening socket.

One Python process answers on one core at a time: the event loop, the reading, retrieval and composing all
hold the GIL, and the embedding thread's Python between its kernels takes it from them. ``assistant serve``
with ``workers`` above one (the default is one per core) binds the socket here, in a supervisor that loads
no model, and starts that many worker processes (``spawn``: each imports and loads everything itself, so no
OpenMP or torch state is forked). Each serves the inherited socket as a one-process ``assistant serve``
does once it has warmed up, and the kernel hands each new connection to a worker waiting in ``accept``.

What the workers must agree on is shared, with nothing to install (see :func:`worker_environment`):

- rate limits: one SQLite file of token buckets (:class:`~assistant.api.limits.FileLimiter`), or Redis when
  ``ASSISTANT_REDIS_URL`` is set, as replicas use;
- the signing key of end-user tokens: one random key for all of them when none is configured, so a token
  minted by one worker is good at every other;
- the index version: each worker follows the index folder's ``current`` pointer (the replicas' watcher), so
  a rebuild started at one worker reaches all; the database (kill switch, feedback, conversation log) is
  the same file for all;
- ``/metrics``: prometheus_client's multiprocess mode sums every worker's counts.

Per worker, and correct as such: the answer and query caches (keyed by index version), the cap on answers
in flight (``max_concurrent_requests`` is each process's capacity), and the torch threads, cores divided by
workers. A worker that dies is started again; one that fails before serving (a broken index, a port taken)
stops the server with exit status 1. SIGTERM or SIGINT is passed to every worker, each of which stops as a
one-process server does (:class:`~assistant.api.server.StoppingServer`), and any still running after
``shutdown_timeout_seconds`` and a margin is killed.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import secrets
import shutil
import signal
import socket
import tempfile
import time
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from assistant.config import Settings

log = logging.getLogger(__name__)

#: A worker's exit status when it never started serving: restarting it would fail the same way.
STARTUP_FAILED = 3
#: How often workers look at the index folder's version pointer when the settings do not say.
INDEX_POLL_SECONDS = 2.0
#: Seconds past the shutdown timeout a worker is given before it is killed.
KILL_MARGIN_SECONDS = 5.0


def worker_count(settings: Settings) -> int:
    """How many worker processes to serve with: the setting, or one per core."""
    return settings.workers or os.cpu_count() or 1


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` that child processes may inherit."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def worker_environment(settings: Settings, workers: int, folder: Path) -> dict[str, str]:
    """The environment variables every worker gets, on top of this process's, for sharing what must be shared."""
    shared = {
        "ASSISTANT_WORKERS": "1",
        "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics"),
    }
    if not settings.torch_threads:
        shared["ASSISTANT_TORCH_THREADS"] = str(max(1, (os.cpu_count() or 1) // workers))
    if not settings.redis_url:
        shared["ASSISTANT_LIMITS_DB"] = str(folder / "limits.sqlite3")
    if settings.identity_secret is None:
        shared["ASSISTANT_IDENTITY_SECRET"] = secrets.token_urlsafe(32)
    if not settings.index_poll_seconds:
        shared["ASSISTANT_INDEX_POLL_SECONDS"] = str(INDEX_POLL_SECONDS)
    return shared


def serve_workers(settings: Settings, host: str, port: int, workers: int) -> bool:
    """Serve on ``host``:``port`` in ``workers`` processes until told to exit; whether every worker started."""
    sock = bind(host, port)
    folder = Path(tempfile.mkdtemp(prefix="assistant-workers-"))  # 0700: the buckets name clients
    (folder / "metrics").mkdir()
    name = settings.replica_name or f"{socket.gethostname()}:{sock.getsockname()[1]}"
    os.environ.update(worker_environment(settings, workers, folder))
    stopping: list[int] = []
    previous = {sig: signal.signal(sig, lambda sig, frame: stopping.append(sig)) for sig in (signal.SIGTERM,
                                                                                             signal.SIGINT)}
    log.info("serving on %s:%d with %d worker processes", host, sock.getsockname()[1], workers)
    processes = [_start(sock, f"{name}/{i}") for i in range(workers)]
    started = True
    try:
        while not stopping:
            wait([p.sentinel for p in processes], timeout=0.5)
            for i, process in enumerate(processes):
                if process.is_alive() or stopping:
                    continue
                if process.exitcode == STARTUP_FAILED:
                    log.error("worker %d could not start; stopping the server", i)
                    started = False
                    stopping.append(signal.SIGTERM)
                    break
                log.warning("worker %d ended (exit status %s); starting it again", i, process.exitcode)
                processes[i] = _start(sock, f"{name}/{i}")
    finally:
        _stop(processes, settings.shutdown_timeout_seconds + KILL_MARGIN_SECONDS)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()
        shutil.rmtree(folder, ignore_errors=True)
    return started


def _start(sock: socket.socket, replica: str) -> BaseProcess:
    """Start one worker serving ``sock``, named ``replica`` in the conversation log and the admin index view."""
    os.environ["ASSISTANT_REPLICA_NAME"] = replica  # spawn passes the environment as it is now
    process = multiprocessing.get_context("spawn").Process(target=run_worker, args=(sock,), name=replica,
                                                           daemon=False)
    process.start()
    return process


def _stop(processes: list[BaseProcess], deadline_seconds: float) -> None:
    """SIGTERM to every worker still running; SIGKILL to those not gone within ``deadline_seconds``."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + deadline_seconds
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            log.warning("worker %s did not stop in time; killing it", process.name)
            process.kill()
            process.join()


def worker_pids(supervisor: int) -> list[int]:
    """The worker processes of the supervisor ``supervisor`` (from ``/proc``, not multiprocessing's tracker)."""
    children = Path(f"/proc/{supervisor}/task/{supervisor}/children").read_text().split()
    return [int(child) for child in children if b"spawn_main" in _command_line(int(child))]


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:  # ended since its parent listed it
        return b""


def run_worker(sock: socket.socket) -> None:
    """One worker process: load the assistant and serve ``sock`` as a one-process ``assistant serve`` does."""
    from assistant.memory import configure_allocator

    configure_allocator()  # before anything big is allocated
    from assistant.api.app import create_app
    from assistant.api.logs import configure_logging
    from assistant.api.server import run_server
    from assistant.config import get_settings
    from assistant.service import Assistant

    try:
        settings = get_settings()
        app = create_app(Assistant.from_settings(settings), settle_heap=True)
    except Exception:
        log.exception("the worker could not load the assistant")
        raise SystemExit(STARTUP_FAILED) from None
    configure_logging()
    # Warm before taking a connection: the socket is shared, so a worker still loading would take requests
    # (and answer /readyz 503) while another is ready. A failed warm-up is reported by /readyz, as in one process.
    app.state.service.warm_up()
    if not run_server(app, settings, host="", port=0, sockets=[sock]):
        raise SystemExit(STARTUP_FAILED)
