"""The SQLite feedback store: rows survive a restart, WAL mode, concurrent writers lose nothing, no personal
data is kept in any column, and the files are private to the service's user."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import stat
import threading
from contextlib import closing
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.store.feedback import COLUMNS, Feedback, FeedbackStore, FeedbackUnavailable

CITATION = {"n": 1, "id": "bc98692651124bec", "section": "Industry Development and Reform > AI",
            "text": "Continue to implement the $3 billion AI Subsidy Scheme. (ITIB)",
            "bureaux": [{"code": "ITIB", "name": "Innovation, Technology and Industry Bureau"}]}


def feedback(answer_id: str = "a1", **fields) -> Feedback:
    base = {"answer_id": answer_id, "rating": "up", "question": "How much is the AI Subsidy Scheme?",
            "query": "How much is the AI Subsidy Scheme?", "answer": "It has $3 billion [1].",
            "citations": [CITATION], "backend": "extractive"}
    return Feedback(**{**base, **fields})


def test_a_row_round_trips(tmp_path: Path):
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    receipt = store.add(feedback(comment="Clear."))
    assert receipt.id == 1 and receipt.created_at.endswith("+00:00")
    [row] = list(store.rows())
    assert list(row) == list(COLUMNS)
    assert row["rating"] == "up" and row["comment"] == "Clear." and row["citations"] == [CITATION]
    assert row["refused"] is False and row["created_at"] == receipt.created_at


def test_rows_survive_a_restart(tmp_path: Path):
    path = tmp_path / "var" / "feedback.sqlite3"
    first = FeedbackStore(path)
    for rating in ("up", "down"):
        first.add(feedback(rating=rating))
    del first
    again = FeedbackStore(path)  # a new process would make a new store object on the same file
    again.add(feedback(answer_id="a2", rating="down", comment="Wrong bureau."))
    assert [(r["id"], r["answer_id"], r["rating"]) for r in again.rows()] == [
        (1, "a1", "up"), (2, "a1", "down"), (3, "a2", "down")]


def test_the_file_is_in_wal_mode_and_created_on_first_use(tmp_path: Path):
    path = tmp_path / "feedback.sqlite3"
    store = FeedbackStore(path)
    assert not path.exists()  # starting the service writes nothing
    store.add(feedback())
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_unusable_path_is_reported(tmp_path: Path):
    (tmp_path / "taken").write_text("a file, not a folder")
    with pytest.raises(FeedbackUnavailable, match="unusable"):
        FeedbackStore(tmp_path / "taken" / "feedback.sqlite3").add(feedback())


def test_reading_batches_covers_every_row(tmp_path: Path):
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    for i in range(7):
        store.add(feedback(answer_id=f"a{i}"))
    assert [r["answer_id"] for r in store.rows(batch=3)] == [f"a{i}" for i in range(7)]


def _write_many(path: str, writer: int, count: int) -> None:
    store = FeedbackStore(Path(path))
    for i in range(count):
        store.add(feedback(answer_id=f"w{writer}-{i}", comment=f"row {i} of writer {writer}"))


@pytest.mark.timeout(120)
def test_concurrent_writers_lose_no_row(tmp_path: Path):
    path = tmp_path / "feedback.sqlite3"
    shared = FeedbackStore(path)
    threads, processes, per_writer = 8, 2, 40
    # Threads share one store object (as the app's request threads do); processes open their own.
    workers = [threading.Thread(target=lambda n=n: [shared.add(feedback(answer_id=f"t{n}-{i}"))
                                                    for i in range(per_writer)]) for n in range(threads)]
    context = multiprocessing.get_context("spawn")
    workers += [context.Process(target=_write_many, args=(str(path), n, per_writer)) for n in range(processes)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=100)
    assert all(getattr(w, "exitcode", 0) == 0 for w in workers)
    ids = [row["answer_id"] for row in shared.rows()]
    expected = {f"t{n}-{i}" for n in range(threads) for i in range(per_writer)}
    expected |= {f"w{n}-{i}" for n in range(processes) for i in range(per_writer)}
    assert len(ids) == len(expected) and set(ids) == expected


# ---------------------------------------------------------------- personal data and file permissions

ZERO_WIDTH_EMAIL = "chan\u200b@exa\u200bmple.com"
SECRETS = {"comment": f"write to {ZERO_WIDTH_EMAIL} or call 9123\u20604567",
           "question": "I am A\u200b123456(3), am I eligible for CorpID?",
           "query": "Is Ａ１２３４５６（３） eligible for CorpID?",
           "answer": "Flat 12B, 8/F, 23 Nathan Road is on file; card 4111.1111.1111.1111 [1]."}
CITED_SECRETS = {"id": "H12345678", "section": "Contact > chan [at] example [dot] com",
                 "text": "Call +852 9123 4567 or 00852 2123 4567. Passport K87654321."}


def _stored_values(path: Path) -> list[str]:
    """Every cell of every row, as SQLite holds it (not as the store reads it back)."""
    with closing(sqlite3.connect(path)) as db:
        return [str(cell) for row in db.execute("SELECT * FROM feedback") for cell in row]


def test_no_personal_data_is_stored_in_any_column(tmp_path: Path):
    path = tmp_path / "feedback.sqlite3"
    citation = {**CITATION, **CITED_SECRETS,
                "bureaux": [{"code": "ITIB", "name": "Innovation Bureau, tel. 2123 4568"}]}
    FeedbackStore(path).add(feedback(**SECRETS, citations=[citation]))
    stored = " | ".join(_stored_values(path))
    for leaked in ("chan", "example", "9123", "4567", "123456", "１２３４５６", "Nathan", "4111", "2123", "87654321",
                   "12345678", "\u200b", "\u2060"):
        assert leaked not in stored, leaked
    assert "[e-mail address]" in stored and "[HKID number]" in stored and "[street address]" in stored
    assert "[card number]" in stored and "[passport number]" in stored and "[phone number]" in stored
    assert "CorpID" in stored and "Innovation Bureau" in stored  # the rest is kept


@pytest.mark.parametrize("backend", ["I am A123456(3)", "chan@example.com", "extractive; DROP TABLE", "x" * 41])
def test_backend_must_be_a_backend_name(backend):
    with pytest.raises(ValidationError, match="backend"):
        feedback(backend=backend)


@pytest.mark.parametrize("answer_id", ["A1234563", "H12345678", "91234567"])
def test_an_answer_id_that_is_personal_data_is_refused(answer_id):
    with pytest.raises(ValidationError, match="personal data"):
        feedback(answer_id=answer_id)


def test_widget_answer_ids_and_backend_names_are_accepted():
    for backend in ("", "extractive", "openai", "local", "my-plugin_2"):
        assert feedback(answer_id="0f" * 16, backend=backend).backend == backend


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_and_its_folder_are_private(tmp_path: Path):
    folder = tmp_path / "var" / "feedback"
    path = folder / "feedback.sqlite3"
    previous = os.umask(0o022)  # a typical service umask: new files would be world-readable
    try:
        store = FeedbackStore(path)
        store.add(feedback())
        with closing(sqlite3.connect(path)) as reader:  # a second connection keeps the WAL and SHM files open
            reader.execute("SELECT count(*) FROM feedback").fetchone()
            store.add(feedback(answer_id="a2"))
            files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
            assert all(f.exists() for f in files)
            assert {f.name: oct(_mode(f)) for f in files} == {f.name: "0o600" for f in files}
    finally:
        os.umask(previous)
    assert _mode(folder) & 0o077 == 0 and _mode(folder.parent) & 0o077 == 0


def test_a_world_readable_database_left_by_an_older_version_is_made_private(tmp_path: Path):
    path = tmp_path / "feedback.sqlite3"
    FeedbackStore(path).add(feedback())
    path.chmod(0o644)
    FeedbackStore(path).add(feedback(answer_id="a2"))
    assert _mode(path) == 0o600
