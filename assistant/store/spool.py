"""Feedback kept on this machine while the shared database is down, written to it when it is back.

>>> keeper = SpooledFeedback(store, Spool(Path(tmp) / "spool.sqlite3"))             # doctest: +SKIP
>>> keeper.add(rating).queued        # PostgreSQL is down: the row waits on disk  # doctest: +SKIP
True

The spool is a SQLite file of its own (private, synced on every commit), so a row the caller was told is
kept survives a crash of this process as well. Every row carries a ``feedback_id`` (the client's, or one
given before the first attempt), so writing it again after a commit whose answer was lost adds nothing;
:meth:`SpooledFeedback.flush` (run every second by :meth:`SpooledFeedback.start`) writes the oldest
first and deletes each row only once the database has it.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, Table, Text, delete, func, insert, select

from assistant.store.database import Database, StoreUnavailable
from assistant.store.feedback import Feedback, FeedbackStore, FeedbackUnavailable, Receipt

log = logging.getLogger(__name__)
_metadata = MetaData()
_pending = Table("pending_feedback", _metadata, Column("n", Integer, primary_key=True, autoincrement=True),
                 Column("created_at", Text, nullable=False), Column("end_user", Text),
                 Column("feedback", Text, nullable=False))


class Spool:
    """Rows waiting for the database, in a local SQLite file."""

    def __init__(self, path: Path) -> None:
        self.database = Database(Path(path), migrate=False)
        self._created = False

    def _ready(self) -> Database:
        if not self._created:
            with self.database.begin() as connection:
                _metadata.create_all(connection)
            self._created = True
        return self.database

    def put(self, feedback: Feedback, end_user: str | None, created_at: str) -> None:
        """Keep one row until :meth:`take` hands it over; raises :class:`StoreUnavailable` if the disk fails."""
        with self._ready().begin() as connection:
            connection.execute(insert(_pending).values(created_at=created_at, end_user=end_user,
                                                       feedback=feedback.model_dump_json()))

    def oldest(self, count: int = 100) -> list[tuple[int, Feedback, str | None, str]]:
        """Up to ``count`` waiting rows, oldest first: (spool number, feedback, end user, when it arrived)."""
        with self._ready().begin() as connection:
            rows = connection.execute(select(_pending).order_by(_pending.c.n).limit(count)).all()
        return [(row.n, Feedback.model_validate(json.loads(row.feedback)), row.end_user, row.created_at)
                for row in rows]

    def remove(self, n: int) -> None:
        """Forget row ``n`` (the database has it)."""
        with self._ready().begin() as connection:
            connection.execute(delete(_pending).where(_pending.c.n == n))

    def __len__(self) -> int:
        with self._ready().begin() as connection:
            return connection.execute(select(func.count()).select_from(_pending)).scalar_one()


class SpooledFeedback:
    """A :class:`FeedbackStore` that spools a row when the database cannot take it, and writes it later."""

    def __init__(self, store: FeedbackStore, spool: Spool, interval: float = 1.0) -> None:
        self.store = store
        self.spool = spool
        self.interval = interval
        self._stop = threading.Event()
        self._flushing = threading.Lock()

    def add(self, feedback: Feedback, end_user: str | None = None) -> Receipt:
        """Store ``feedback`` in the database, or else in the spool (``queued``); raises only if both fail."""
        if feedback.feedback_id is None:  # an id before the first attempt: a later write of it is idempotent
            feedback = feedback.model_copy(update={"feedback_id": uuid.uuid4().hex})
        try:
            return self.store.add(feedback, end_user)
        except FeedbackUnavailable as exc:
            receipt = self.store.receipt_now(feedback)
            try:
                self.spool.put(feedback, end_user, receipt.created_at)
            except StoreUnavailable as spool_failed:
                raise FeedbackUnavailable(f"{exc}; and the local spool failed: {spool_failed}") from spool_failed
            log.warning("the database is unavailable: feedback %s kept in the local spool", feedback.feedback_id)
            return receipt.model_copy(update={"queued": True})

    def flush(self) -> int:
        """Write the spooled rows to the database, oldest first; how many went (stops at the first failure)."""
        written = 0
        with self._flushing:
            try:
                while batch := self.spool.oldest():
                    for n, feedback, end_user, created_at in batch:
                        self.store.add(feedback, end_user, created_at)
                        self.spool.remove(n)
                        written += 1
            except StoreUnavailable:
                pass  # still down: the rows wait for the next round
        if written:
            log.info("%d spooled feedback rows written to the database", written)
        return written

    def start(self) -> threading.Thread:
        """Flush every ``interval`` seconds on a daemon thread until :meth:`close`."""
        def run() -> None:
            while not self._stop.wait(self.interval):
                self.flush()
        thread = threading.Thread(target=run, name="feedback-spool", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        """Stop the flushing thread (rows still spooled stay on disk for the next start)."""
        self._stop.set()

    def rows(self, batch: int = 500) -> Iterator[dict]:
        """The database's rows (:meth:`FeedbackStore.rows`)."""
        return self.store.rows(batch)
