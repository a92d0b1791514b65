"""Retention of the conversation log: records older than ``ASSISTANT_RETENTION_DAYS`` are purged.

>>> RetentionJob(store, days=30).run_once()                                 # doctest: +SKIP
3

The service runs :meth:`RetentionJob.run_once` at start and then every hour
(:class:`~assistant.operations.periodic.Periodic`); every replica may run it (a purge is idempotent).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from assistant.store.shared import Store

log = logging.getLogger(__name__)


class RetentionJob:
    """Purges the conversation log of records older than ``days``."""

    def __init__(self, store: Store, days: int, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.store = store
        self.days = days
        self.now = now

    def cutoff(self) -> datetime:
        """The oldest moment a record may be from."""
        return self.now() - timedelta(days=self.days)

    def run_once(self) -> int:
        """Purge once; how many records went."""
        purged = self.store.purge_conversations(self.cutoff())
        if purged:
            log.info("retention: purged %d conversation records older than %d days", purged, self.days)
        return purged
