"""Ratings of answers, kept durably in the shared database: the one job of this module is that no rating is ever lost.

>>> store = FeedbackStore(Path(tmp) / "feedback.sqlite3")                   # doctest: +SKIP
>>> store.add(Feedback(answer_id="a1", rating="up", question="Q?", answer="A [1].")).id   # doctest: +SKIP
1
>>> next(store.rows())["rating"]                                       # doctest: +SKIP
'up'

Rows are only ever inserted, never updated: a later comment or a changed rating on the same answer is a
new row with the same ``answer_id`` (the newest one is the user's last word). A rating may carry the
client's own ``feedback_id``: a retried request with the same id finds the row the first one stored and
adds none, on SQLite and PostgreSQL alike (an insert that does nothing on conflict). The database is a
:class:`~assistant.store.database.Database`: a private SQLite file in WAL mode by default, PostgreSQL for
replicas.

No row keeps personal data: every text a client sends (question, query, comment, answer, and each cited
passage's text, section, id and bureaux) is stored without invisible characters and with personal data
replaced by placeholders (assistant.query.privacy), and the backend must be a backend's name.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from sqlalchemy import Connection, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from assistant.query.privacy import find_personal_data, redact
from assistant.store import schema
from assistant.store.database import Database, StoreUnavailable
from assistant.text.sanitize import strip_invisible
from assistant.types import Bureau

#: Columns in export order.
COLUMNS = ("id", "created_at", "answer_id", "rating", "comment", "question", "query", "answer", "citations",
           "backend", "refused", "degraded", "feedback_id")


def without_personal_data(text: str) -> str:
    """``text`` as it may be stored: invisible characters removed, personal data replaced by placeholders."""
    return redact(strip_invisible(text))


class FeedbackUnavailable(StoreUnavailable):
    """The database could not take the row (locked past the timeout, down, disk full, unwritable path)."""


class CitedPassage(BaseModel):
    """A citation of the rated answer, as the client showed it."""

    n: int = Field(ge=0, le=1000)
    id: str = Field(max_length=64)
    section: str = Field("", max_length=1000)
    text: str = Field("", max_length=5000)
    bureaux: list[Bureau] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _without_personal_data(self) -> CitedPassage:
        # The client sends these back; they are meant to be the document's words, but nothing says they are.
        self.id, self.section, self.text = map(without_personal_data, (self.id, self.section, self.text))
        self.bureaux = [Bureau(code=without_personal_data(b.code), name=without_personal_data(b.name))
                        for b in self.bureaux]
        return self


class Feedback(BaseModel):
    """One rating of one answer, with what was asked and answered."""

    model_config = ConfigDict(extra="forbid")

    feedback_id: str | None = Field(
        None, pattern=r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$",
        description="The client's own id for this rating, a random UUID (crypto.randomUUID()): a retry with the "
        "same id stores nothing new. Only hexadecimal digits, so it is never checked for personal data: a random "
        "one may hold eight digits in a row.")
    answer_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$",
                           description="The client's id for the answer; rows with the same id rate the same answer.")
    rating: Literal["up", "down"]
    comment: str = Field("", max_length=2000, description="Optional words from the user.")
    question: str = Field(min_length=1, max_length=1000, pattern=r"\S", description="The question as asked.")
    query: str = Field("", max_length=4000, description="The standalone query the answer was retrieved for.")
    answer: str = Field(max_length=8000, description="The answer text as shown, with its [n] markers.")
    citations: list[CitedPassage] = Field(default_factory=list, max_length=50)
    backend: str = Field("", pattern=r"^(?:[a-z][a-z0-9_-]{0,39})?$",
                         description="The backend that wrote the answer, by name (lower case, as the answer gives it).")
    refused: bool = False
    degraded: bool = False

    @field_validator("answer_id", "backend")
    @classmethod
    def _not_personal_data(cls, name: str) -> str:
        # An identifier cannot be redacted without losing what it identifies: one that is personal data is refused.
        if find_personal_data(name):
            raise ValueError("must not hold personal data")
        return name

    @field_validator("question", "query", "comment", "answer")
    @classmethod
    def _without_personal_data(cls, text: str, info: ValidationInfo) -> str:
        # A rating is kept, the personal data typed into it is not: the assistant never stores it.
        text = without_personal_data(text)
        if info.field_name == "question" and not text.strip():
            raise ValueError("must not be empty")
        return text


class Receipt(BaseModel):
    """What the store says when a row is safely kept."""

    id: int | None = Field(description="Row id (none while the row waits in the local spool).")
    created_at: str = Field(description="When the row arrived (UTC, ISO 8601).")
    feedback_id: str | None = Field(None, description="The client's id for the rating, when it sent one.")
    queued: bool = Field(False, description="The database was down: the row is kept on this replica's disk "
                         "and written as soon as the database is back.")


class FeedbackStore:
    """Append-only feedback rows in one database (a path is a SQLite file)."""

    def __init__(self, database: Database | str | Path, busy_timeout: float = 30.0) -> None:
        self.database = database if isinstance(database, Database) else Database(database, busy_timeout)

    def add(self, feedback: Feedback, end_user: str | None = None, created_at: str | None = None) -> Receipt:
        """Store ``feedback`` once; its receipt when it is on disk. :class:`FeedbackUnavailable` if it cannot be.

        ``end_user`` is the hashed end user (kept so the end user's rows can be erased); ``created_at`` is
        when it arrived, for a row written late (from the spool).
        """
        created_at = created_at or datetime.now(UTC).isoformat(timespec="milliseconds")
        row = feedback.model_dump()
        values = {**row, "created_at": created_at, "citations": json.dumps(row["citations"], ensure_ascii=False),
                  "refused": int(feedback.refused), "degraded": int(feedback.degraded), "end_user": end_user}
        try:
            with self.database.begin() as connection:
                return self._insert_once(connection, values)
        except StoreUnavailable as exc:
            raise FeedbackUnavailable(f"feedback could not be stored: {exc}") from exc

    @staticmethod
    def receipt_now(feedback: Feedback) -> Receipt:
        """A receipt for ``feedback`` arriving now, before any row is written."""
        return Receipt(id=None, created_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
                       feedback_id=feedback.feedback_id)

    def _insert_once(self, connection: Connection, values: dict) -> Receipt:
        table = schema.feedback
        if values["feedback_id"] is None:
            row_id = connection.execute(insert(table).values(values)).inserted_primary_key[0]
            return Receipt(id=row_id, created_at=values["created_at"])
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        connection.execute(dialect.insert(table).values(values).on_conflict_do_nothing(index_elements=["feedback_id"]))
        stored = connection.execute(select(table.c.id, table.c.created_at)
                                    .where(table.c.feedback_id == values["feedback_id"])).one()
        return Receipt(id=stored.id, created_at=stored.created_at, feedback_id=values["feedback_id"])

    def rows(self, batch: int = 500) -> Iterator[dict]:
        """Every row as a dict (``COLUMNS``), oldest first, read in batches of ``batch``.

        A large table never sits in memory at once, and no connection is held between batches (the export
        streams this from a thread pool). Rows are returned as stored, without validation, so an export never
        fails on one.
        """
        table, after = schema.feedback, 0
        columns = [table.c[name] for name in COLUMNS]
        while True:
            with self.database.begin() as connection:
                records = connection.execute(select(*columns).where(table.c.id > after)
                                             .order_by(table.c.id).limit(batch)).all()
            for record in records:
                yield _decoded(dict(zip(COLUMNS, record, strict=True)))
            if len(records) < batch:
                return
            after = records[-1].id


def _decoded(record: dict) -> dict:
    return {**record, "citations": json.loads(record["citations"]), "refused": bool(record["refused"]),
            "degraded": bool(record["degraded"])}
