"""Analytics, content gaps and the daily scores, from records in a real store and the real embedder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from assistant.operations.analytics import analytics, percentiles
from assistant.operations.gaps import cluster, content_gaps
from assistant.operations.scoring import DailyScoring, citation_precision, score_records, trend
from assistant.store.database import Database
from assistant.store.records import ConversationRecord
from assistant.store.shared import Store

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


def record(n: int, outcome: str = "answered", at: datetime = NOW, answer: str = "It is so [1].",
           citations: tuple[str, ...] = ("c1",), grounded: bool | None = True, language: str = "en",
           latency: float = 10.0) -> ConversationRecord:
    return ConversationRecord(id=f"r{n}", at=at, end_user=None, question=f"question {n}", answer=answer,
                              outcome=outcome, citations=list(citations), documents=["Policy"], backend="extractive",
                              language=language, latency_ms=latency, grounded=grounded)


def test_the_period_is_counted_by_day_outcome_topic_language_and_feedback():
    records = [record(1, latency=10), record(2, "refused", citations=(), grounded=None, latency=20),
               record(3, "degraded", at=NOW - timedelta(days=1), latency=30), record(4, language="zh", latency=40)]
    feedback = [{"created_at": NOW.isoformat(), "rating": "down"}, {"created_at": NOW.isoformat(), "rating": "up"},
                {"created_at": (NOW - timedelta(days=30)).isoformat(), "rating": "up"}]
    report = analytics(records, feedback, NOW - timedelta(days=2), NOW, {"c1": "Chapter 1 > Funds"}.get)
    assert report["totals"] == {"questions": 4, "answered": 2, "refused": 1, "degraded": 1, "error": 0}
    assert report["rates"]["answered"] == 0.5 and report["rates"]["refused"] == 0.25
    assert [(d["day"], d["questions"]) for d in report["per_day"]] == [
        ("2026-03-08", 0), ("2026-03-09", 1), ("2026-03-10", 3)]
    assert report["feedback"] == {"up": 1, "down": 1}  # the month-old rating is outside the period
    assert report["top_sections"] == [{"name": "Chapter 1 > Funds", "count": 3}]
    assert report["languages"] == [{"name": "en", "count": 3}, {"name": "zh", "count": 1}]
    assert [r["question"] for r in report["refused"]] == ["question 2"]
    assert report["latency_ms"] == percentiles([10, 20, 30, 40]) == {"p50": 25.0, "p95": 38.5}


def test_cluster_groups_by_nearest_centre_largest_first():
    vectors = np.array([[1, 0], [0, 1], [0.99, 0.14], [0.98, 0.2]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    assert cluster(vectors, 0.9) == [[0, 2, 3], [1]]
    assert cluster(vectors, 0.9999) == [[0], [1], [2], [3]]


def test_content_gaps_group_questions_by_meaning_with_the_nearest_passages(assistant):
    questions = ["How do I renew my passport?", "Where can I renew a passport?", "What is the weather tomorrow?"]
    gaps = content_gaps(questions, assistant.embedder.encode, lambda q, k: assistant.search(q, k))
    assert [g["size"] for g in gaps] == [2, 1]
    assert set(gaps[0]["examples"]) == set(questions[:2]) and len(gaps[0]["nearest"]) == 3
    assert content_gaps(["  "], assistant.embedder.encode, lambda q, k: []) == []


def test_live_answers_are_scored_per_day_and_kept_as_a_trend(tmp_path):
    assert citation_precision(record(1, answer="A [1]. B [1].", citations=("a", "b"))) == 0.5
    assert citation_precision(record(1, citations=())) is None
    scores = score_records([record(1), record(2, "refused", citations=(), grounded=None),
                            record(3, "degraded", answer="no markers", grounded=False)])
    assert scores == {"questions": 3, "answers": 2, "citation_precision": 0.5, "grounded_share": 0.5,
                      "refusal_rate": 0.3333, "degraded_rate": 0.3333, "error_rate": 0.0}
    store = Store(Database(tmp_path / "store.sqlite3"))
    for rec in (record(1, at=NOW - timedelta(days=1)), record(2, "refused", grounded=None)):
        store.log_conversation(rec)
    yesterday, today = DailyScoring(store, now=lambda: NOW).run_once()
    assert (yesterday["day"], yesterday["questions"], yesterday["refusal_rate"]) == ("2026-03-09", 1, 0.0)
    assert (today["day"], today["refusal_rate"]) == ("2026-03-10", 1.0)
    assert [s["day"] for s in trend(store, 7, NOW.date())] == ["2026-03-09", "2026-03-10"]
    assert [s["day"] for s in trend(store, 1, NOW.date())] == ["2026-03-10"]
