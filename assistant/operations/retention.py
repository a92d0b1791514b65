"""Retention of the conversation log: records older than ``ASSISTANT_RETENTION_DAYS`` are purged.

>>> RetentionJob(store, days=30).run_once()                                 # doctest: +SKIP
3

:class:`RetentionJob` runs :meth:`~RetentionJob.run_once` at start and then every ``interval_seconds`` on
a daemon thread while the service runs; every replica may run it (a purge is idempotent).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from assistant.store.shared import Store

log = logging.getLogger(__name__)


class RetentionJob:
    """Purges the conversation log of records older than ``days``."""

    def __init__(self, store: Store, days: int, interval_seconds: float = 3600.0,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.store = store
        self.days = days
        self.interval_seconds = interval_seconds
        self.now = now
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def cutoff(self) -> datetime:
        """The oldest moment a record may be from."""
        return self.now() - timedelta(days=self.days)

    def run_once(self) -> int:
        """Purge once; how many records went."""
        purged = self.store.purge_conversations(self.cutoff())
        if purged:
            log.info("retention: purged %d conversation records older than %d days", purged, self.days)
        return purged

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # the store may be down for a while: try again at the next interval
                log.warning("retention: purge failed", exc_info=True)
            self._stop.wait(self.interval_seconds)

    def start(self) -> None:
        """Run on a daemon thread until :meth:`close`."""
        self._thread = threading.Thread(target=self._loop, name="retention", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
