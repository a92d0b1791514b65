"""What the conversation log keeps of one question: :class:`ConversationRecord` (already redacted by the caller)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

Outcome = Literal["answered", "refused", "degraded", "error"]
OUTCOMES: tuple[str, ...] = ("answered", "refused", "degraded", "error")


@dataclass(frozen=True)
class ConversationRecord:
    """One question and what became of it.

    ``end_user`` is already hashed and ``question``/``answer`` already redacted by whoever logs it: the store
    keeps what it is given. ``at`` must be timezone-aware; it is kept in UTC.
    """

    id: str
    at: datetime
    end_user: str | None
    question: str
    answer: str
    outcome: Outcome
    reason: str | None = None
    citations: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    backend: str = ""
    language: str = "en"
    latency_ms: float = 0.0
    grounded: bool | None = None
    replica: str = ""

    def __post_init__(self) -> None:
        """Refuse a naive time or an unknown outcome: a log that cannot be compared is no log."""
        if self.at.tzinfo is None:
            raise ValueError("ConversationRecord.at must be timezone-aware")
        if self.outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, not {self.outcome!r}")


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive one (as SQLite gives them back) is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
