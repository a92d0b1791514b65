"""Rebuild the index while serving, and swap the new one in atomically.

The build runs on a background thread with the service's own embedder (the model is already loaded);
when it has produced a verified index, a new :class:`~assistant.service.Assistant` over it (with the old
one's backends and breakers, which do not depend on the index) is warmed up and then replaces the old one
in a single reference assignment, so a request sees either the old index or the new one, never a mix.
Nothing else holds the old assistant, so it and its index are freed once its last request ends. A build
or load that fails leaves the old index serving and is reported.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass
from typing import Literal

from assistant.api.state import ServiceState
from assistant.index.loaded import PolicyIndex
from assistant.service import Assistant, index_builder

log = logging.getLogger(__name__)


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

    def start(self) -> bool:
        """Start a rebuild in the background; ``False`` when one is already running."""
        if not self._lock.acquire(blocking=False):
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
            self.service.assistant = fresh  # the swap: one reference assignment
            self.status.state, self.status.build_id = "done", fresh.index.version
            self.status.embedded, self.status.reused = report.embedded, report.reused
        except Exception as exc:  # any failure leaves the old index serving
            log.exception("rebuilding the index failed; the previous index keeps serving")
            self.status.state, self.status.error = "failed", f"{type(exc).__name__}: {exc}"
        finally:
            self.status.finished_at = time.time()
            self._lock.release()
