"""Daily scoring of the live answers in the conversation log, so a drift shows before citizens report it.

>>> DailyScoring(store).run_once()                                          # doctest: +SKIP
>>> trend(store, days=14)[-1]["refusal_rate"]                               # doctest: +SKIP
0.18

The metrics are the deterministic ones that need no expected answer:

- ``citation_precision``: of the passages an answer lists as its sources, the share its text cites with a
  ``[n]`` marker (a listed source the answer never cites was not needed), averaged over answers with sources;
- ``grounded_share``: the share of answers whose every sentence was supported by its cited passage;
- ``refusal_rate``, ``degraded_rate``, ``error_rate``: shares of all questions.

A day's scores are kept in the shared settings (``live_score:YYYY-MM-DD``), so every replica's dashboard shows
the same trend; the job scores yesterday (final) and today (so far) at start and then every hour.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta

from assistant.store.records import ConversationRecord
from assistant.store.shared import Store
from assistant.text.markers import parse_markers

PREFIX = "live_score:"


def citation_precision(record: ConversationRecord) -> float | None:
    """The share of the record's listed sources its answer cites; ``None`` without sources."""
    if not record.citations:
        return None
    cited = {n for n in parse_markers(record.answer) if 1 <= n <= len(record.citations)}
    return len(cited) / len(record.citations)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def score_records(records: Iterable[ConversationRecord]) -> dict:
    """The day's scores over ``records``, with how many questions they count."""
    records = list(records)
    answers = [r for r in records if r.outcome in ("answered", "degraded")]
    precisions = [p for p in (citation_precision(r) for r in answers) if p is not None]
    grounded = [1.0 if r.grounded else 0.0 for r in answers if r.grounded is not None]
    shares = {f"{name}_rate": _mean([1.0 if r.outcome == name else 0.0 for r in records])
              for name in ("refused", "degraded", "error")}
    return {"questions": len(records), "answers": len(answers), "citation_precision": _mean(precisions),
            "grounded_share": _mean(grounded), "refusal_rate": shares["refused_rate"],
            "degraded_rate": shares["degraded_rate"], "error_rate": shares["error_rate"]}


def score_day(store: Store, day: date) -> dict:
    """Score ``day`` (UTC) and keep it in the shared settings."""
    start = datetime.combine(day, time(), UTC)
    scores = {"day": day.isoformat(), **score_records(store.conversations(start, start + timedelta(days=1)))}
    store.put_setting(PREFIX + day.isoformat(), scores)
    return scores


def trend(store: Store, days: int, today: date | None = None) -> list[dict]:
    """The kept scores of the last ``days`` days, oldest first (days never scored are left out)."""
    today = today or datetime.now(UTC).date()
    first = (today - timedelta(days=days - 1)).isoformat()
    last = today.isoformat()
    return [value for key, value in store.settings_with_prefix(PREFIX) if first <= key[len(PREFIX):] <= last]


class DailyScoring:
    """Scores yesterday and today (run it with :class:`~assistant.operations.periodic.Periodic`)."""

    def __init__(self, store: Store, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.store = store
        self.now = now

    def run_once(self) -> list[dict]:
        """Score yesterday and today."""
        today = self.now().astimezone(UTC).date()
        return [score_day(self.store, today - timedelta(days=1)), score_day(self.store, today)]
