"""The conversation log, its retention job and erasure, over a real SQLite store."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from assistant.operations.conversations import ConversationLog
from assistant.operations.erasure import end_user_keys, erase
from assistant.operations.periodic import Periodic
from assistant.operations.retention import RetentionJob
from assistant.store.database import Database
from assistant.store.shared import Store
from assistant.types import Answer, Citation

CITED = Citation(n=1, id="c1", text="The Digital Policy Office runs CorpID.", section="Chapter 2 > CorpID", score=1.0)


def store_in(tmp_path) -> Store:
    return Store(Database(tmp_path / "store.sqlite3"))


def logged(store: Store) -> list:
    return list(store.conversations(datetime.now(UTC) - timedelta(days=3650)))


def test_each_outcome_is_logged_redacted_with_what_it_cited(tmp_path):
    store = store_in(tmp_path)
    log = ConversationLog(store, "replica-a")
    log.answered("Who runs CorpID? My HKID is A123456(3)", Answer(answer="It is run by DPO [1].",
                 citations=[CITED], grounded=1.0), "token:u1", 12.34)
    log.answered("What is the weather?", Answer(answer="Not covered.", refused=True, reason="off_topic"), None, 3.0)
    log.answered("Who runs CorpID?", Answer(answer="DPO [1].", citations=[CITED], degraded=True, grounded=0.5),
                 "token:u1", 5.0)
    log.failed("數碼港是甚麼？", "token:u2", 9.0)
    log.flush()
    records = logged(store)
    assert [r.outcome for r in records] == ["answered", "refused", "degraded", "error"]
    first = records[0]
    assert "A123456" not in first.question and first.question.startswith("Who runs CorpID?")
    assert (first.citations, first.documents, first.grounded, first.replica) == (["c1"], ["Chapter 2"], True,
                                                                                 "replica-a")
    assert (first.end_user, first.latency_ms, first.language) == ("token:u1", 12.3, "en")
    assert records[1].reason == "off_topic" and records[1].grounded is None and records[1].end_user is None
    assert records[2].grounded is False
    assert records[3].language == "zh"


def test_a_store_that_fails_loses_the_record_not_the_answer(tmp_path):
    store = store_in(tmp_path)

    def broken(_records: object) -> None:
        raise OSError("database is down")

    store.log_conversations = broken
    log = ConversationLog(store)
    log.answered("Who runs CorpID?", Answer(answer="DPO."), None, 1.0)  # does not raise
    log.flush()  # nor does the writer stop: the next record is still taken
    store.log_conversations = Store.log_conversations.__get__(store)
    log.answered("Who runs CorpID?", Answer(answer="DPO."), None, 1.0)
    log.flush()
    assert len(logged(store)) == 1


def test_a_stream_of_answers_is_written_a_few_transactions_not_one_each(tmp_path):
    store, transactions = store_in(tmp_path), []
    write = store.log_conversations
    store.log_conversations = lambda records: (transactions.append(len(records)), write(records))
    log = ConversationLog(store)
    for i in range(40):  # 40 answers over about 80 ms, as one worker gives them under load
        log.answered(f"Who runs CorpID? ({i})", Answer(answer="DPO."), None, 1.0)
        time.sleep(0.002)
    log.flush()
    assert len(logged(store)) == 40
    # The writer gathers for LINGER_SECONDS (0.2 s): woken per answer, it made a transaction of one or two each.
    assert sum(transactions) == 40 and len(transactions) <= 3, transactions


def test_the_retention_job_purges_only_what_is_older_than_the_setting(tmp_path):
    store = store_in(tmp_path)
    log = ConversationLog(store)
    log.answered("Who runs CorpID?", Answer(answer="DPO."), None, 1.0)
    log.flush()
    assert RetentionJob(store, days=30).run_once() == 0
    later = datetime.now(UTC) + timedelta(days=31)
    assert RetentionJob(store, days=30, now=lambda: later).run_once() == 1
    assert logged(store) == []


def test_the_retention_job_runs_on_its_own_thread(tmp_path):
    store = store_in(tmp_path)
    log = ConversationLog(store)
    log.answered("Who runs CorpID?", Answer(answer="DPO."), None, 1.0)
    log.flush()  # written by the log's background thread: stored before the purge may look for it
    purge = RetentionJob(store, days=1, now=lambda: datetime.now(UTC) + timedelta(days=2))
    job = Periodic("retention", purge.run_once, 0.05)
    job.start()
    try:
        deadline = datetime.now(UTC) + timedelta(seconds=5)
        while logged(store) and datetime.now(UTC) < deadline:
            pass
    finally:
        job.close()
    assert logged(store) == []


def test_erasure_takes_the_stored_key_a_token_or_its_id_and_is_audited(tmp_path):
    store = store_in(tmp_path)
    log = ConversationLog(store)
    for user in ("token:AbCdEfGh12", "token:Other12345"):
        log.answered("Who runs CorpID?", Answer(answer="DPO."), user, 1.0)
    log.flush()
    assert "token:AbCdEfGh12" in end_user_keys("AbCdEfGh12.1999999999.abcdefghijklmnopqrstuv")
    assert erase(store, "AbCdEfGh12", "token:admin") == {"conversations": 1, "feedback": 0}
    assert [r.end_user for r in logged(store)] == ["token:Other12345"]
    assert erase(store, "token:Other12345", "token:admin")["conversations"] == 1
    audit = store.audit_log(datetime.now(UTC) - timedelta(minutes=1))
    assert [e["action"] for e in audit] == ["erase_end_user"] * 2 and "AbCdEfGh12" not in str(audit)
