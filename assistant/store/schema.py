"""The tables every replica shares, described once for SQLite and PostgreSQL (SQLAlchemy Core).

The migrations in :mod:`assistant.store.migrations` create them; this description is what the code reads and
writes through, and what ``alembic check`` compares a database with.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, DateTime, Float, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

#: Ratings of answers: only ever inserted. ``feedback_id`` is the client's id for the rating, so a retried
#: request finds its row instead of adding one; ``end_user`` is the hashed end user (for erasure).
feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", Text, nullable=False),
    Column("answer_id", Text, nullable=False),
    Column("rating", Text, nullable=False),
    Column("comment", Text, nullable=False, server_default=""),
    Column("question", Text, nullable=False),
    Column("query", Text, nullable=False, server_default=""),
    Column("answer", Text, nullable=False),
    Column("citations", Text, nullable=False, server_default="[]"),
    Column("backend", Text, nullable=False, server_default=""),
    Column("refused", Integer, nullable=False, server_default="0"),
    Column("degraded", Integer, nullable=False, server_default="0"),
    Column("feedback_id", String(64), nullable=True),
    Column("end_user", String(128), nullable=True),
    Index("feedback_answer", "answer_id"),
    Index("feedback_client_id", "feedback_id", unique=True),
    Index("feedback_end_user", "end_user"),
)

#: One row per question answered (already redacted by the caller).
conversations = Table(
    "conversations", metadata,
    Column("id", String(36), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("end_user", String(128), nullable=True),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("reason", Text, nullable=True),
    Column("citations", JSON, nullable=False),
    Column("documents", JSON, nullable=False),
    Column("backend", String(40), nullable=False),
    Column("language", String(16), nullable=False),
    Column("latency_ms", Float, nullable=False),
    Column("grounded", Boolean, nullable=True),
    Column("replica", String(128), nullable=False),
    Index("conversations_at", "at"),
    Index("conversations_end_user", "end_user"),
)

#: What admins did, by whom.
audit = Table(
    "audit", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("action", String(100), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("detail", JSON, nullable=False),
    Index("audit_at", "at"),
)

#: Analytics events: what the operators' reports count (``kind``), with what they need to know (``detail``).
events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", String(100), nullable=False),
    Column("replica", String(128), nullable=False, server_default=""),
    Column("detail", JSON, nullable=False),
    Index("events_kind_at", "kind", "at"),
)

#: Shared state every replica reads (the kill switch, the index version): one JSON value per key.
settings = Table(
    "settings", metadata,
    Column("key", String(200), primary_key=True),
    Column("value", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
