"""The store contract, run against SQLite and a real PostgreSQL: feedback stored once per client id, the
conversation log (windows, purge, erasure), the audit and shared settings; migrations from an old file."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.store.database import Database, StoreUnavailable
from assistant.store.feedback import Feedback, FeedbackUnavailable
from assistant.store.records import ConversationRecord
from assistant.store.shared import Store
from tests.store.conftest import fresh_postgres_database

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path: Path) -> Store:
    if request.param == "sqlite":
        return Store(Database(tmp_path / "store.sqlite3"))
    return Store(Database(fresh_postgres_database(request.getfixturevalue("postgres"))))


def rating(feedback_id: str | None = None, **fields) -> Feedback:
    return Feedback(**{"feedback_id": feedback_id, "answer_id": "a1", "rating": "up", "question": "How much?",
                       "answer": "$3 billion [1].", "backend": "extractive", **fields})


def record(n: int, at: datetime = T0, end_user: str | None = "u1", **fields) -> ConversationRecord:
    return ConversationRecord(**{"id": str(uuid.UUID(int=n)), "at": at, "end_user": end_user,
                                 "question": f"question {n}?", "answer": f"answer {n} [1].", "outcome": "answered",
                                 "citations": ["p1", "p2"], "documents": ["budget-2025"], "backend": "extractive",
                                 "language": "en", "latency_ms": 12.5, "grounded": True, "replica": "r1", **fields})


def test_a_retried_rating_is_stored_once(store: Store):
    first = store.add(rating("00000000-0000-0000-0000-0000000003e9", comment="clear"))
    again = store.add(rating("00000000-0000-0000-0000-0000000003e9", comment="clear"))
    other = store.add(rating("00000000-0000-0000-0000-0000000003ea", rating="down"))
    assert again == first and other.id != first.id
    rows = list(store.rows())
    assert [(r["feedback_id"], r["rating"], r["comment"]) for r in rows] == [
        ("00000000-0000-0000-0000-0000000003e9", "up", "clear"), ("00000000-0000-0000-0000-0000000003ea", "down", "")]


def test_a_client_id_is_a_uuid_and_never_refused_as_personal_data():
    assert rating("91234567-2123-4567-8123-456789abcdef").feedback_id  # digits a phone number would have
    for bad in ("not-a-uuid", "I am A123456(3)", "0" * 33):
        with pytest.raises(ValueError, match="feedback_id"):
            rating(bad)


def test_ratings_without_a_client_id_are_each_kept(store: Store):
    store.add(rating())
    store.add(rating())
    assert [r["feedback_id"] for r in store.rows()] == [None, None]


def test_concurrent_retries_of_one_rating_leave_one_row(store: Store):
    receipts = []
    same = "00000000-0000-0000-0000-0000000003eb"
    threads = [threading.Thread(target=lambda: receipts.append(store.add(rating(same))))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({r.id for r in receipts}) == 1 and len(list(store.rows())) == 1


def test_rows_come_in_batches_oldest_first(store: Store):
    for i in range(7):
        store.add(rating(str(uuid.UUID(int=i))))
    assert [r["feedback_id"] for r in store.rows(batch=3)] == [str(uuid.UUID(int=i)) for i in range(7)]


def test_conversations_are_read_by_window_oldest_first(store: Store):
    for n in (3, 1, 2):
        store.log_conversation(record(n, at=T0 + timedelta(minutes=n)))
    store.log_conversation(record(1, at=T0 + timedelta(minutes=1)))  # logged twice: kept once
    window = list(store.conversations(T0 + timedelta(minutes=1), T0 + timedelta(minutes=3)))
    assert [r.question for r in window] == ["question 1?", "question 2?"]
    assert window[0] == record(1, at=T0 + timedelta(minutes=1))  # every field round-trips
    assert window[0].at.tzinfo is not None
    assert len(list(store.conversations(T0, batch=2))) == 3


def test_times_in_another_zone_are_compared_in_utc(store: Store):
    hong_kong = datetime(2026, 3, 1, 17, 30, tzinfo=UTC).astimezone(__import__("zoneinfo").ZoneInfo("Asia/Hong_Kong"))
    store.log_conversation(record(1, at=hong_kong))
    [kept] = store.conversations(T0)
    assert kept.at == datetime(2026, 3, 1, 17, 30, tzinfo=UTC)
    assert list(store.conversations(datetime(2026, 3, 1, 17, 31, tzinfo=UTC))) == []


def test_purge_deletes_only_older_conversations(store: Store):
    for n in range(1, 5):
        store.log_conversation(record(n, at=T0 + timedelta(days=n)))
    assert store.purge_conversations(T0 + timedelta(days=3)) == 2
    assert [r.question for r in store.conversations(T0)] == ["question 3?", "question 4?"]


def test_erasing_an_end_user_removes_their_conversations_and_feedback(store: Store):
    store.log_conversation(record(1, end_user="hash-a"))
    store.log_conversation(record(2, end_user="hash-b"))
    store.log_conversation(record(3, end_user=None, outcome="refused", reason="personal_data", grounded=None))
    store.add(rating("00000000-0000-0000-0000-0000000003ec"), end_user="hash-a")
    store.add(rating("00000000-0000-0000-0000-0000000003ed"), end_user="hash-b")
    assert store.erase_end_user("hash-a") == {"conversations": 1, "feedback": 1}
    assert store.erase_end_user("hash-a") == {"conversations": 0, "feedback": 0}
    assert [r.end_user for r in store.conversations(T0)] == ["hash-b", None]
    assert [r["feedback_id"] for r in store.rows()] == ["00000000-0000-0000-0000-0000000003ed"]


def test_the_audit_keeps_who_did_what(store: Store):
    before = datetime.now(UTC) - timedelta(seconds=1)
    store.audit("reindex", "admin", {"version": "v2", "chunks": 120})
    store.audit("kill_switch", "ops", {"on": True})
    entries = store.audit_log(before)
    assert [(e["action"], e["actor"], e["detail"]) for e in entries] == [
        ("reindex", "admin", {"version": "v2", "chunks": 120}), ("kill_switch", "ops", {"on": True})]
    assert all(before <= e["at"] <= datetime.now(UTC) for e in entries)
    assert store.audit_log(datetime.now(UTC) + timedelta(minutes=1)) == []


def test_events_are_read_by_kind_and_window(store: Store):
    store.record_event("refusal", {"reason": "out_of_scope"}, replica="r1", at=T0)
    store.record_event("content_gap", {"topic": "ferries"}, replica="r2", at=T0 + timedelta(hours=1))
    store.record_event("refusal", {"reason": "personal_data"}, at=T0 + timedelta(hours=2))
    assert [e["detail"]["reason"] for e in store.events(T0, kind="refusal")] == ["out_of_scope", "personal_data"]
    assert [e["kind"] for e in store.events(T0, until=T0 + timedelta(hours=2))] == ["refusal", "content_gap"]
    assert store.events(T0 + timedelta(hours=3)) == []
    assert store.events(T0)[1]["replica"] == "r2" and store.events(T0)[0]["at"] == T0


def test_settings_are_shared_and_overwritten(store: Store, tmp_path: Path):
    assert store.get_setting("kill_switch") is None
    store.put_setting("kill_switch", {"on": True, "message": "maintenance"})
    store.put_setting("kill_switch", {"on": False})
    other_replica = Store(Database(store.database.url.render_as_string(hide_password=False)))
    assert other_replica.get_setting("kill_switch") == {"on": False}


def test_a_naive_time_or_an_unknown_outcome_is_refused():
    with pytest.raises(ValueError, match="timezone"):
        record(1, at=datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="outcome"):
        record(1, outcome="fine")


def test_an_unreachable_server_is_reported_not_raised_raw():
    store = Store(Database("postgresql://nobody@127.0.0.1:1/none", connect_timeout=1))
    with pytest.raises(FeedbackUnavailable):
        store.add(rating("00000000-0000-0000-0000-0000000003ef"))
    with pytest.raises(StoreUnavailable):
        store.get_setting("kill_switch")


def test_a_file_from_before_the_migrations_is_upgraded_with_its_rows(tmp_path: Path):
    path = tmp_path / "feedback.sqlite3"
    with closing(sqlite3.connect(path)) as old, old:  # the table as the SQLite-only store created it
        old.executescript("""CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL,
            answer_id TEXT NOT NULL, rating TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', question TEXT NOT NULL,
            query TEXT NOT NULL DEFAULT '', answer TEXT NOT NULL, citations TEXT NOT NULL DEFAULT '[]',
            backend TEXT NOT NULL DEFAULT '', refused INTEGER NOT NULL DEFAULT 0, degraded INTEGER NOT NULL DEFAULT 0);
            INSERT INTO feedback (created_at, answer_id, rating, question, answer)
            VALUES ('2025-01-01T00:00:00.000+00:00', 'old', 'down', 'Q?', 'A.');""")
    store = Store(Database(path))
    store.add(rating("00000000-0000-0000-0000-0000000003ee"))
    after = "00000000-0000-0000-0000-0000000003ee"
    assert [(r["answer_id"], r["feedback_id"]) for r in store.rows()] == [("old", None), ("a1", after)]
    store.log_conversation(record(1))
    assert len(list(store.conversations(T0))) == 1
