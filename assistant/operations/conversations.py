"""The conversation log: one redacted record per question, whatever became of it.

>>> log = ConversationLog(store, replica="web-1")                           # doctest: +SKIP
>>> log.answered("Who runs CorpID?", answer, end_user="token:3f...", latency_ms=41.0)   # doctest: +SKIP

The question and the answer pass through the same privacy screen as a question does before any backend
sees it (:func:`assistant.query.privacy.redact`), so an identity card number a citizen typed is never
stored, whatever ``ASSISTANT_PERSONAL_DATA`` says. ``end_user`` is the pseudonymous key the service counts
a citizen under (a signed token's random id, or a hash of the id a trusted host site states), never an
address: an anonymous question is logged without one. A store that fails loses the record, never the answer.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from assistant.query.forms import language_of
from assistant.query.privacy import redact
from assistant.store.records import ConversationRecord, Outcome
from assistant.store.shared import Store
from assistant.text.sanitize import clean_text
from assistant.types import Answer

log = logging.getLogger(__name__)


def outcome_of(answer: Answer) -> Outcome:
    """``refused``, ``degraded`` or ``answered``."""
    return "refused" if answer.refused else "degraded" if answer.degraded else "answered"


def documents_of(answer: Answer) -> list[str]:
    """The documents the answer cites: their titles where citations carry one, else their top heading."""
    return list(dict.fromkeys(getattr(c, "document_title", None) or c.section.split(" > ")[0]
                              for c in answer.citations))


def screened(text: str) -> str:
    """``text`` cleaned and with its personal data replaced by placeholders."""
    return redact(clean_text(text))


class ConversationLog:
    """Writes :class:`ConversationRecord` s to the shared store."""

    def __init__(self, store: Store, replica: str = "", enabled: bool = True) -> None:
        self.store = store
        self.replica = replica
        self.enabled = enabled

    def answered(self, question: str, answer: Answer, end_user: str | None, latency_ms: float) -> None:
        """Log a question and the answer (or refusal) it got."""
        self._write(ConversationRecord(
            id=str(uuid.uuid4()), at=datetime.now(UTC), end_user=end_user, question=screened(question),
            answer=screened(answer.answer), outcome=outcome_of(answer), reason=answer.reason,
            citations=[c.id for c in answer.citations], documents=documents_of(answer), backend=answer.backend,
            language=getattr(answer, "language", None) or language_of(question), latency_ms=round(latency_ms, 1),
            grounded=None if answer.refused else answer.grounded >= 1.0, replica=self.replica))

    def failed(self, question: str, end_user: str | None, latency_ms: float, backend: str = "") -> None:
        """Log a question whose answer could not be completed."""
        self._write(ConversationRecord(
            id=str(uuid.uuid4()), at=datetime.now(UTC), end_user=end_user, question=screened(question), answer="",
            outcome="error", reason="the answer could not be completed", backend=backend,
            language=language_of(question), latency_ms=round(latency_ms, 1), replica=self.replica))

    def _write(self, record: ConversationRecord) -> None:
        if not self.enabled:
            return
        try:
            self.store.log_conversation(record)
        except Exception:  # the citizen has the answer; a lost log line must not turn it into an error
            log.warning("conversation log: the record could not be stored", exc_info=True)
