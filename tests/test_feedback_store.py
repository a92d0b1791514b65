"""The SQLite feedback store: rows survive a restart, WAL mode, and concurrent writers lose nothing."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest

from assistant.feedback import COLUMNS, Feedback, FeedbackStore, FeedbackUnavailable

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
