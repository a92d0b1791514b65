"""Rebuild the index while serving, and swap the new one in atomically.

The build runs on a background thread with the service's own embedder (the model is already loaded);
when it has produced a verified index, a new :class:`~assistant.service.Assistant` over it (with the old
one's backends and breakers, which do not depend on the index) is warmed up and then replaces the old one
in a single reference assignment, so a request sees either the old index or the new one, never a mix.
Nothing else holds the old assistant, so it and its index are freed once its last request ends. A build
or load that fails leaves the old index serving and is reported.

With replicas, the build is published once to the shared index folder, whose ``current`` link is the
version pointer; :class:`IndexWatcher` moves every other replica to it within ``index_poll_seconds`` plus
the time to load and warm it.
"""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from assistant.api.state import ServiceState
from assistant.config import Settings
from assistant.index.loaded import PolicyIndex
from assistant.index.store import current_version
from assistant.service import Assistant, index_builder
from assistant.store.database import StoreUnavailable
from assistant.store.shared import Store

log = logging.getLogger(__name__)
#: Shared-store keys under which replicas report the build they serve.
REPLICA_PREFIX = "replica:"


@dataclass
class ReindexStatus:
    """What the last rebuild did."""

    state: Literal["idle", "running", "done", "failed"] = "idle"
    build_id: str | None = None
    started_at: float | None = None
    finished_at: float | None = None
    error: str | None = None
    embedded: int | None = None
    reused: int | None = None

    def to_json(self) -> dict:
        """The status as the admin endpoints report it."""
        return asdict(self)


class Reindexer:
    """Runs at most one rebuild at a time for a service."""

    def __init__(self, service: ServiceState) -> None:
        self.service = service
        self.status = ReindexStatus(build_id=service.assistant.index.version)
        #: The thread of the latest rebuild, once one has started.
        self.thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._folder_lock: int | None = None

    def start(self) -> bool:
        """Start a rebuild in the background; ``False`` when one is already running (here or on another replica)."""
        if not self._lock.acquire(blocking=False):
            return False
        self._folder_lock = _try_folder_lock(self.service.assistant.settings.index_dir)
        if self._folder_lock is None:
            self._lock.release()
            return False
        self.status = ReindexStatus("running", self.service.assistant.index.version, started_at=time.time())
        self.thread = threading.Thread(target=self._run, name="reindex", daemon=True)
        self.thread.start()
        return True

    def _run(self) -> None:
        current = self.service.assistant
        try:
            report = index_builder(current.settings, current.embedder).build()
            fresh = Assistant(current.settings, PolicyIndex.load(current.settings), current.embedder,
                              current.backends)
            fresh.warm()
            del current  # so that the swap can free it
            self.service.swap(fresh)
            self.status.state, self.status.build_id = "done", fresh.index.version
            self.status.embedded, self.status.reused = report.embedded, report.reused
        except Exception as exc:  # any failure leaves the old index serving
            log.exception("rebuilding the index failed; the previous index keeps serving")
            self.status.state, self.status.error = "failed", f"{type(exc).__name__}: {exc}"
        finally:
            self.status.finished_at = time.time()
            os.close(self._folder_lock)  # closing the descriptor releases the folder's lock
            self._lock.release()


#: Beside the builds in the shared index folder: held while a replica rebuilds, so two never build at once.
REINDEX_LOCK = ".reindex.lock"


def _try_folder_lock(index_dir: Path) -> int | None:
    """The index folder's rebuild lock as an open descriptor, or ``None`` while another process holds it."""
    index_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(index_dir / REINDEX_LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


def replica_name(settings: Settings) -> str:
    """This replica's name: the setting, else host and process id."""
    return settings.replica_name or f"{socket.gethostname()}:{os.getpid()}"


class IndexWatcher:
    """Keeps one replica on the build the shared version pointer names, and reports which it serves.

    Every ``index_poll_seconds`` it reads the pointer (:func:`~assistant.index.store.current_version`); when
    another replica (or ``assistant index``) published a new build, it loads it, warms a new assistant over
    it and swaps it in as :class:`Reindexer` does: each request holds one assistant from start to end, so
    one answer never mixes versions. It then writes ``{"version", "seen_at"}`` under ``replica:<name>`` in
    the shared store, which ``/api/admin/index`` lists for every replica. A load that fails is retried at
    the next look; a store that is down only delays the report.
    """

    def __init__(self, service: ServiceState, store: Store, interval: float) -> None:
        self.service = service
        self.store = store
        self.interval = interval
        self.name = replica_name(service.assistant.settings)
        self._stop = threading.Event()
        self.swaps = 0

    def check(self) -> None:
        """One look at the pointer (moving to its build when it is new) and one report."""
        current = self.service.assistant
        version = current_version(current.settings.index_dir)
        if version is not None and version != current.index.version:
            try:
                fresh = Assistant(current.settings, PolicyIndex.load(current.settings), current.embedder,
                                  current.backends)
                fresh.warm()
            except Exception:  # a build that cannot load leaves this one serving; the next look retries
                log.exception("loading the published index %s failed; still serving %s", version,
                              current.index.version)
            else:
                del current  # so that the swap can free it
                self.service.swap(fresh)
                self.swaps += 1
                log.info("now serving index %s (published by another replica)", fresh.index.version)
        try:
            self.store.put_setting(f"{REPLICA_PREFIX}{self.name}", {
                "version": self.service.assistant.index.version, "seen_at": time.time()})
        except StoreUnavailable as exc:
            log.warning("could not report this replica's index version: %s", exc)

    def start(self) -> threading.Thread:
        """Look every ``interval`` seconds on a daemon thread until :meth:`close`."""
        def run() -> None:
            while not self._stop.wait(self.interval):
                self.check()
        thread = threading.Thread(target=run, name="index-watcher", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        """Stop looking."""
        self._stop.set()


def replica_versions(store: Store, stale_after: float = 10.0) -> list[dict]:
    """Every replica's last report: ``{"replica", "version", "seen_at", "live"}`` (live: reported lately)."""
    now = time.time()
    return [{"replica": key.removeprefix(REPLICA_PREFIX), **value, "live": now - value["seen_at"] <= stale_after}
            for key, value in store.settings_with_prefix(REPLICA_PREFIX)]
