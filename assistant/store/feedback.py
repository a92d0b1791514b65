"""Ratings of answers, kept durably in SQLite: the one job of this module is that no rating is ever lost.

>>> store = FeedbackStore(Path(tmp) / "feedback.sqlite3")                   # doctest: +SKIP
>>> store.add(Feedback(answer_id="a1", rating="up", question="Q?", answer="A [1].")).id   # doctest: +SKIP
1
>>> next(store.rows())["rating"]                                       # doctest: +SKIP
'up'

Rows are only ever inserted, never updated: a later comment or a changed rating on the same answer is a
new row with the same ``answer_id`` (the newest one is the user's last word). Every operation opens its
own connection, so any number of threads (or processes) may write at once; the database runs in WAL
mode, writers wait up to ``busy_timeout`` seconds for each other instead of failing, and each commit is
synced to disk (``synchronous=FULL``) before the caller hears it succeeded.

No row keeps personal data: every text a client sends (question, query, comment, answer, and each cited
passage's text, section, id and bureaux) is stored without invisible characters and with personal data
replaced by placeholders (assistant.query.privacy), and the backend must be a backend's name. The database, its
WAL and shared-memory files are readable by the service's user only (0600), in a folder it creates 0700.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from assistant.query.privacy import find_personal_data, redact
from assistant.text.sanitize import strip_invisible
from assistant.types import Bureau

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    answer_id TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    query TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL,
    citations TEXT NOT NULL DEFAULT '[]',
    backend TEXT NOT NULL DEFAULT '',
    refused INTEGER NOT NULL DEFAULT 0,
    degraded INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS feedback_answer ON feedback (answer_id);
"""
#: Columns in export order.
COLUMNS = ("id", "created_at", "answer_id", "rating", "comment", "question", "query", "answer", "citations",
           "backend", "refused", "degraded")


# Private to the service's user: the rows are what citizens asked.
_FILE_MODE, _FOLDER_MODE = 0o600, 0o700
_PRIVATE_UMASK = 0o077
_umask_lock = threading.Lock()


def without_personal_data(text: str) -> str:
    """``text`` as it may be stored: invisible characters removed, personal data replaced by placeholders."""
    return redact(strip_invisible(text))


class FeedbackUnavailable(RuntimeError):
    """The database could not take the row (locked past the timeout, disk full, unwritable path)."""


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
    """What the store says when a row is safely on disk."""

    id: int = Field(description="Row id.")
    created_at: str = Field(description="When the row arrived (UTC, ISO 8601).")


class FeedbackStore:
    """Append-only feedback rows in one SQLite file."""

    def __init__(self, path: Path, busy_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._ready = False
        self._ready_lock = threading.Lock()

    def add(self, feedback: Feedback) -> Receipt:
        """Store ``feedback``; returns it with its id once it is on disk. :class:`FeedbackUnavailable` if not."""
        created_at = datetime.now(UTC).isoformat(timespec="milliseconds")
        row = feedback.model_dump()
        values = {**row, "created_at": created_at, "citations": json.dumps(row["citations"], ensure_ascii=False),
                  "refused": int(feedback.refused), "degraded": int(feedback.degraded)}
        names = [c for c in COLUMNS if c != "id"]
        sql = f"INSERT INTO feedback ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})"
        try:
            with closing(self._connect()) as connection, connection:
                row_id = connection.execute(sql, values).lastrowid
        except sqlite3.Error as exc:
            raise FeedbackUnavailable(f"feedback could not be stored: {exc}") from exc
        return Receipt(id=row_id, created_at=created_at)

    def rows(self, batch: int = 500) -> Iterator[dict]:
        """Every row as a dict (``COLUMNS``), oldest first, read in batches.

        A large table never sits in memory at once. Rows are returned as stored, without validation, so an
        export never fails on one.
        """
        # The export streams this from a thread pool, so successive batches may run on different threads.
        with closing(self._connect(check_same_thread=False)) as connection:
            cursor = connection.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id")
            while records := cursor.fetchmany(batch):
                for record in records:
                    yield _decoded(dict(zip(COLUMNS, record, strict=True)))

    def _connect(self, check_same_thread: bool = True) -> sqlite3.Connection:
        self._create_once()
        return self._open(check_same_thread)

    def _open(self, check_same_thread: bool = True) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=self.busy_timeout, check_same_thread=check_same_thread)
        connection.execute("PRAGMA synchronous = FULL")
        return connection

    def _create_once(self) -> None:
        """Create the file, the table and WAL mode on first use (so merely starting the app writes nothing)."""
        with self._ready_lock:
            if self._ready:
                return
            try:
                with _private_umask():
                    # A folder that exists is the operator's (it may be /tmp): only one made here is made private.
                    self.path.parent.mkdir(mode=_FOLDER_MODE, parents=True, exist_ok=True)
                    os.close(os.open(self.path, os.O_CREAT | os.O_RDWR, _FILE_MODE))
                    _make_private(self.path)
                    with closing(self._open()) as connection:
                        connection.execute("PRAGMA journal_mode = WAL")  # persistent: stored in the file
                        connection.executescript(_SCHEMA)
            except (OSError, sqlite3.Error) as exc:
                raise FeedbackUnavailable(f"feedback database {self.path} is unusable: {exc}") from exc
            self._ready = True


@contextmanager
def _private_umask() -> Iterator[None]:
    """Files and folders created meanwhile are private to this user, whatever the process's umask.

    The umask is per process: another thread creating a file meanwhile gets a private one too, which is
    harmless; the lock keeps two stores from restoring each other's umask out of order.
    """
    with _umask_lock:
        previous = os.umask(_PRIVATE_UMASK)
        try:
            yield
        finally:
            os.umask(previous)


def _make_private(path: Path) -> None:
    """The database and its WAL and shared-memory files readable by this user only.

    An older version made them world-readable. SQLite creates the WAL and SHM files later with the database
    file's mode.
    """
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            file.chmod(_FILE_MODE)


def _decoded(record: dict) -> dict:
    return {**record, "citations": json.loads(record["citations"]), "refused": bool(record["refused"]),
            "degraded": bool(record["degraded"])}
