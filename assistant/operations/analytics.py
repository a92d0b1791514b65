"""What citizens asked and what became of it, over the last days: the numbers behind ``/admin``.

>>> report = analytics(store.conversations(since), store.rows(), since, sections.get)   # doctest: +SKIP
>>> report["totals"]["questions"], report["rates"]["refused"]                  # doctest: +SKIP
(42, 0.19)

Everything is counted from the conversation log and the feedback rows of the period; nothing is sampled.
Days are UTC days. A refused question is listed as it was stored (redacted).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

import numpy as np

from assistant.store.records import OUTCOMES, ConversationRecord, utc

#: Entries of each "top" list, and refused questions listed.
TOP = 10
REFUSED_LISTED = 50


def days_between(since: datetime, until: datetime) -> list[date]:
    """Every UTC day from ``since``'s to ``until``'s, both included."""
    first, last = utc(since).date(), utc(until).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def percentiles(values: list[float]) -> dict[str, float | None]:
    """p50 and p95 of ``values`` (``None`` without any)."""
    if not values:
        return {"p50": None, "p95": None}
    p50, p95 = np.percentile(np.array(values), [50, 95])
    return {"p50": round(float(p50), 1), "p95": round(float(p95), 1)}


def _top(counter: Counter) -> list[dict]:
    return [{"name": name, "count": count} for name, count in counter.most_common(TOP)]


def parsed_time(stamp: object) -> datetime:
    """A stored ISO 8601 time in UTC; one that does not parse counts as long ago."""
    try:
        return utc(datetime.fromisoformat(str(stamp)))
    except ValueError:
        return utc(datetime.min)


def feedback_in(rows: Iterable[dict], since: datetime) -> list[dict]:
    """The feedback rows created from ``since`` on."""
    return [row for row in rows if parsed_time(row.get("created_at")) >= utc(since)]


def analytics(records: Iterable[ConversationRecord], feedback: Iterable[dict], since: datetime, until: datetime,
              section_of: Callable[[str], str | None]) -> dict:
    """The period's questions per day, outcome rates, feedback, latency, top topics, languages, refusals.

    ``section_of`` maps a cited passage id to its section (``None`` for a passage no longer indexed).
    """
    records = list(records)
    rated = feedback_in(feedback, since)
    per_day = {day: Counter() for day in days_between(since, until)}
    sections, documents, languages = Counter(), Counter(), Counter()
    for record in records:
        per_day.setdefault(record.at.date(), Counter())[record.outcome] += 1
        languages[record.language] += 1
        documents.update(record.documents)
        sections.update(s for s in (section_of(c) for c in dict.fromkeys(record.citations)) if s)
    total = len(records)
    outcomes = Counter(record.outcome for record in records)
    ratings = Counter(str(row.get("rating")) for row in rated)
    return {
        "since": utc(since).isoformat(), "until": utc(until).isoformat(),
        "totals": {"questions": total, **{outcome: outcomes[outcome] for outcome in OUTCOMES}},
        "rates": {outcome: round(outcomes[outcome] / total, 4) if total else 0.0 for outcome in OUTCOMES},
        "per_day": [{"day": day.isoformat(), "questions": sum(counts.values()),
                     **{outcome: counts[outcome] for outcome in OUTCOMES}} for day, counts in sorted(per_day.items())],
        "feedback": {"up": ratings["up"], "down": ratings["down"]},
        "latency_ms": percentiles([record.latency_ms for record in records]),
        "top_sections": _top(sections), "top_documents": _top(documents), "languages": _top(languages),
        "refused": [{"at": record.at.isoformat(), "question": record.question, "reason": record.reason}
                    for record in records if record.outcome == "refused"][-REFUSED_LISTED:][::-1],
    }
