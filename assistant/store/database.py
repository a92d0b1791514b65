"""One database for the shared tables: a SQLite file by default, PostgreSQL when a URL names it.

>>> Database("sqlite:////tmp/x.sqlite3").dialect                                  # doctest: +SKIP
'sqlite'

The engine is made, and the migrations run, on first use (so merely starting the app writes nothing). They
run under a lock (a file lock beside a SQLite file, an advisory lock on PostgreSQL), so replicas starting
together migrate once. A SQLite file is created private to the service's user (0600, its WAL and
shared-memory files too, in a folder made 0700), runs in WAL mode, waits up to ``busy_timeout`` seconds for
other writers and syncs every commit to disk. Every failure to reach or write the database is a
:class:`StoreUnavailable`.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The advisory lock key replicas take on PostgreSQL while they migrate (any fixed number).
_MIGRATION_LOCK = 1_717_171_717
_FILE_MODE, _FOLDER_MODE, _PRIVATE_UMASK = 0o600, 0o700, 0o077
_umask_lock = threading.Lock()


class StoreUnavailable(RuntimeError):
    """The database could not be reached or could not take the write (locked, down, disk full, bad path)."""


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL: ``target`` itself when it is one, a SQLite file's URL for a path."""
    if isinstance(target, Path) or "://" not in str(target):
        return f"sqlite:///{Path(target)}"
    url = str(target)
    # postgresql:// means psycopg 3 here (SQLAlchemy's default driver for it is psycopg2).
    return "postgresql+psycopg://" + url.split("://", 1)[1] if url.startswith(("postgresql://", "postgres://")) else url


class Database:
    """An engine over one database, migrated to the newest schema on first use (unless ``migrate`` is false)."""

    def __init__(self, target: str | Path, busy_timeout: float = 30.0, connect_timeout: float = 5.0,
                 migrate: bool = True) -> None:
        self.url = make_url(database_url(target))
        self.migrate = migrate
        self.busy_timeout = busy_timeout
        self.connect_timeout = connect_timeout
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.url.get_backend_name()

    @property
    def path(self) -> Path | None:
        """The SQLite file, or ``None`` for a server."""
        return Path(self.url.database) if self.dialect == "sqlite" and self.url.database else None

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection in a transaction, committed when the block ends; errors as :class:`StoreUnavailable`."""
        try:
            with self.engine().begin() as connection:
                yield connection
        except SQLAlchemyError as exc:
            raise StoreUnavailable(f"the database could not be used: {exc.__class__.__name__}: {exc}") from exc

    def engine(self) -> Engine:
        """The engine, made and migrated on the first call."""
        with self._lock:
            if self._engine is None:
                engine = self._make_engine()
                self._engine = self._migrated(engine) if self.migrate else engine
            return self._engine

    def dispose(self) -> None:
        """Close every pooled connection."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()

    def _make_engine(self) -> Engine:
        if self.path is None:
            return create_engine(self.url, pool_pre_ping=True, pool_size=10, max_overflow=20, pool_timeout=10,
                                 connect_args={"connect_timeout": max(1, round(self.connect_timeout))})
        try:
            _create_private(self.path)
        except OSError as exc:
            raise StoreUnavailable(f"database {self.path} is unusable: {exc}") from exc
        engine = create_engine(self.url, connect_args={"timeout": self.busy_timeout, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine

    def _migrated(self, engine: Engine) -> Engine:
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        try:
            with self._migration_lock():
                self._migrate(engine, config)
            if self.path is not None:
                _make_private(self.path)
        except (OSError, SQLAlchemyError) as exc:
            engine.dispose()
            raise StoreUnavailable(f"database {self.url.render_as_string()} is unusable: {exc}") from exc
        return engine

    def _migrate(self, engine: Engine, config: Config) -> None:
        if self.path is not None:
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode = WAL")  # persistent: stored in the file
        with engine.begin() as connection:
            if self.dialect == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """Beside a SQLite file, an exclusive file lock; PostgreSQL's advisory lock is taken in the transaction."""
        if self.path is None:
            yield
            return
        with _private_umask():
            descriptor = os.open(self.path.with_name(self.path.name + ".lock"), os.O_CREAT | os.O_RDWR, _FILE_MODE)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)


def _sqlite_pragmas(connection: object, _record: object) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _create_private(path: Path) -> None:
    """The file (and a folder made for it) private to this user, whatever the process's umask."""
    with _private_umask():
        # A folder that exists is the operator's (it may be /tmp): only one made here is made private.
        path.parent.mkdir(mode=_FOLDER_MODE, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_RDWR, _FILE_MODE))
    _make_private(path)


@contextmanager
def _private_umask() -> Iterator[None]:
    """Files and folders created meanwhile are private to this user; the lock keeps two stores' umasks in order."""
    with _umask_lock:
        previous = os.umask(_PRIVATE_UMASK)
        try:
            yield
        finally:
            os.umask(previous)


def _make_private(path: Path) -> None:
    """The database and its WAL and shared-memory files readable by this user only.

    An older version made them world-readable; SQLite creates the WAL and SHM files with the database file's mode.
    """
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            file.chmod(_FILE_MODE)
