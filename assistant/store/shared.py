"""The store every replica shares (:class:`Store`): feedback, conversations, analytics events, audit, settings.

>>> store = Store.from_settings(settings)                                     # doctest: +SKIP
>>> store.put_setting("kill_switch", {"on": True}); store.get_setting("kill_switch")   # doctest: +SKIP
{'on': True}

One database behind all of it (:class:`~assistant.store.database.Database`): a SQLite file by default
(``ASSISTANT_FEEDBACK_DB``), PostgreSQL when ``ASSISTANT_DATABASE_URL`` names one. Logging a conversation
twice under one id keeps one row; erasing an end user removes their conversations and feedback.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from assistant.config import Settings
from assistant.store import schema
from assistant.store.database import Database
from assistant.store.feedback import FeedbackStore
from assistant.store.records import ConversationRecord, utc


def _dialect_insert(connection: Connection, table: schema.Table) -> object:
    return (postgresql if connection.dialect.name == "postgresql" else sqlite).insert(table)


class Store(FeedbackStore):
    """Feedback (:class:`FeedbackStore`) plus the conversation log, the audit and shared settings."""

    @classmethod
    def from_settings(cls, settings: Settings) -> Store:
        """The store the settings name: ``database_url`` when set, else the SQLite file ``feedback_db``."""
        return cls(Database(settings.database_url or Path(settings.feedback_db)))

    def log_conversation(self, record: ConversationRecord) -> None:
        """Keep ``record`` (once: a second record with its id is ignored)."""
        self.log_conversations([record])

    def log_conversations(self, records: list[ConversationRecord]) -> None:
        """Keep ``records`` in one transaction (each once: a second record with an id is ignored)."""
        if not records:
            return
        values = [{**asdict(record), "at": utc(record.at)} for record in records]
        with self.database.begin() as connection:
            connection.execute(_dialect_insert(connection, schema.conversations)
                               .on_conflict_do_nothing(index_elements=["id"]), values)

    def conversations(self, since: datetime, until: datetime | None = None, batch: int = 500,
                      ) -> Iterator[ConversationRecord]:
        """Records from ``since`` (inclusive) to ``until`` (exclusive), oldest first, read in batches."""
        table = schema.conversations
        window = table.c.at >= utc(since)
        if until is not None:
            window &= table.c.at < utc(until)
        after: tuple[datetime, str] | None = None
        while True:
            query = select(table).where(window)
            if after is not None:
                query = query.where((table.c.at > after[0]) | ((table.c.at == after[0]) & (table.c.id > after[1])))
            with self.database.begin() as connection:
                rows = connection.execute(query.order_by(table.c.at, table.c.id).limit(batch)).mappings().all()
            for row in rows:
                yield ConversationRecord(**{**row, "at": utc(row["at"]), "citations": list(row["citations"]),
                                            "documents": list(row["documents"])})
            if len(rows) < batch:
                return
            after = (rows[-1]["at"], rows[-1]["id"])

    def purge_conversations(self, older_than: datetime) -> int:
        """Delete the records from before ``older_than``; how many went."""
        with self.database.begin() as connection:
            return connection.execute(delete(schema.conversations)
                                      .where(schema.conversations.c.at < utc(older_than))).rowcount

    def erase_end_user(self, end_user: str) -> dict[str, int]:
        """Delete every conversation and feedback row of ``end_user`` (hashed); how many of each went."""
        with self.database.begin() as connection:
            talked = connection.execute(delete(schema.conversations)
                                        .where(schema.conversations.c.end_user == end_user)).rowcount
            rated = connection.execute(delete(schema.feedback).where(schema.feedback.c.end_user == end_user)).rowcount
        return {"conversations": talked, "feedback": rated}

    def audit(self, action: str, actor: str, detail: dict) -> None:
        """Record that ``actor`` did ``action`` (``detail`` says to what)."""
        with self.database.begin() as connection:
            connection.execute(insert(schema.audit).values(at=datetime.now(UTC), action=action, actor=actor,
                                                           detail=detail))

    def audit_log(self, since: datetime) -> list[dict]:
        """Audit entries from ``since``, oldest first: ``{"id", "at", "action", "actor", "detail"}``."""
        table = schema.audit
        with self.database.begin() as connection:
            rows = connection.execute(select(table).where(table.c.at >= utc(since)).order_by(table.c.id)).mappings()
            return [{**row, "at": utc(row["at"])} for row in rows]

    def record_event(self, kind: str, detail: dict, replica: str = "", at: datetime | None = None) -> None:
        """Count one analytics event of ``kind`` (``detail``: already free of personal data)."""
        with self.database.begin() as connection:
            connection.execute(insert(schema.events).values(at=utc(at or datetime.now(UTC)), kind=kind,
                                                            replica=replica, detail=detail))

    def events(self, since: datetime, kind: str | None = None, until: datetime | None = None) -> list[dict]:
        """Events from ``since`` (to ``until``), of one ``kind`` or all, oldest first.

        Each is ``{"id", "at", "kind", "replica", "detail"}``.
        """
        table = schema.events
        query = select(table).where(table.c.at >= utc(since))
        if kind is not None:
            query = query.where(table.c.kind == kind)
        if until is not None:
            query = query.where(table.c.at < utc(until))
        with self.database.begin() as connection:
            rows = connection.execute(query.order_by(table.c.at, table.c.id)).mappings()
            return [{**row, "at": utc(row["at"])} for row in rows]

    def put_setting(self, key: str, value: dict) -> None:
        """Set the shared setting ``key`` to ``value`` (every replica reads the same)."""
        with self.database.begin() as connection:
            statement = _dialect_insert(connection, schema.settings).values(key=key, value=value,
                                                                            updated_at=datetime.now(UTC))
            connection.execute(statement.on_conflict_do_update(
                index_elements=["key"], set_={"value": statement.excluded.value,
                                              "updated_at": statement.excluded.updated_at}))

    def settings_with_prefix(self, prefix: str) -> list[tuple[str, dict]]:
        """Every shared setting whose key starts with ``prefix``, by key."""
        table = schema.settings
        with self.database.begin() as connection:
            rows = connection.execute(select(table.c.key, table.c.value).where(table.c.key.startswith(prefix))
                                      .order_by(table.c.key)).all()
        return [(row.key, row.value) for row in rows]

    def get_setting(self, key: str) -> dict | None:
        """The shared setting ``key``, or ``None`` while it was never set."""
        with self.database.begin() as connection:
            return connection.execute(select(schema.settings.c.value)
                                      .where(schema.settings.c.key == key)).scalar_one_or_none()
