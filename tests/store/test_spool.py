"""Feedback the shared database cannot take waits in the local spool, survives a restart of the process, and
is written exactly once when the database is back."""

from __future__ import annotations

from pathlib import Path

from assistant.store.database import Database
from assistant.store.feedback import Feedback
from assistant.store.shared import Store
from assistant.store.spool import Spool, SpooledFeedback

DOWN = "postgresql://nobody@127.0.0.1:1/none"
CLIENT_ID = "00000000-0000-0000-0000-0000000003f0"


def rating(n: int, feedback_id: str | None = None) -> Feedback:
    return Feedback(feedback_id=feedback_id, answer_id=f"a{n}", rating="down", question=f"Q {n}?", answer="A.")


def test_rows_wait_while_the_database_is_down_and_are_written_once(tmp_path: Path):
    keeper = SpooledFeedback(Store(Database(DOWN, connect_timeout=1)), Spool(tmp_path / "spool.sqlite3"))
    receipts = [keeper.add(rating(1, CLIENT_ID), end_user="token:u1"),
                keeper.add(rating(2))]
    assert all(r.queued and r.id is None for r in receipts)
    assert receipts[1].feedback_id  # given one before the first attempt, so a rewrite is idempotent
    assert keeper.flush() == 0 and len(keeper.spool) == 2  # still down: nothing lost, nothing written

    # The process restarts (a new spool object on the same file) and the database is back.
    back = Store(Database(tmp_path / "db.sqlite3"))
    again = SpooledFeedback(back, Spool(tmp_path / "spool.sqlite3"))
    back.add(rating(1, CLIENT_ID), end_user="token:u1")  # the first attempt had committed after all
    assert again.flush() == 2 and len(again.spool) == 0 and again.flush() == 0
    rows = list(back.rows())
    assert sorted(r["answer_id"] for r in rows) == ["a1", "a2"]
    assert {r["created_at"] for r in rows if r["answer_id"] == "a2"} == {receipts[1].created_at}
    assert back.erase_end_user("token:u1")["feedback"] == 1


def test_a_working_database_takes_the_row_at_once(tmp_path: Path):
    keeper = SpooledFeedback(Store(Database(tmp_path / "db.sqlite3")), Spool(tmp_path / "spool.sqlite3"))
    receipt = keeper.add(rating(1))
    assert not receipt.queued and receipt.id == 1 and len(keeper.spool) == 0
