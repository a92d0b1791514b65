"""The operators' report of the last days: analytics, content gaps and the live scores' trend, in one dict.

``GET /api/admin/analytics`` returns it as JSON and ``/admin`` draws it.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from assistant.operations.analytics import analytics, feedback_in
from assistant.operations.gaps import content_gaps
from assistant.operations.scoring import trend
from assistant.service import Assistant
from assistant.store.shared import Store


def period(days: int, now: datetime | None = None) -> tuple[datetime, datetime]:
    """From the start of the UTC day ``days - 1`` days ago to ``now``: ``days`` calendar days, today included."""
    now = now or datetime.now(UTC)
    return datetime.combine(now.date() - timedelta(days=days - 1), time(), UTC), now


def operations_report(store: Store, assistant: Assistant, days: int) -> dict:
    """Analytics of the last ``days`` days, their content gaps (refused and rated-down questions), the trend."""
    since, until = period(days)
    records = list(store.conversations(since))
    feedback = feedback_in(store.rows(), since)
    sections = {chunk.id: chunk.section_path for chunk in assistant.index.chunks}
    report = analytics(records, feedback, since, until, sections.get)
    questions = [r.question for r in records if r.outcome == "refused"]
    questions += [str(row["question"]) for row in feedback if row.get("rating") == "down"]
    report["content_gaps"] = content_gaps(questions, assistant.embedder.encode,
                                          lambda query, k: assistant.search(query, k))
    report["live_scores"] = trend(store, days, until.date())
    report["days"] = days
    return report
