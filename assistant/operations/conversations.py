"""The conversation log: one redacted record per question, whatever became of it.

>>> log = ConversationLog(store, replica="web-1")                           # doctest: +SKIP
>>> log.answered("Who runs CorpID?", answer, end_user="token:3f...", latency_ms=41.0)   # doctest: +SKIP

The question and the answer pass through the same privacy screen as a question does before any backend
sees it (:func:`assistant.query.privacy.redact`), so an identity card number a citizen typed is never
stored, whatever ``ASSISTANT_PERSONAL_DATA`` says. ``end_user`` is the pseudonymous key the service counts
a citizen under (a signed token's random id, or a hash of the id a trusted host site states), never an
address: an anonymous question is logged without one. A store that fails loses the record, never the answer.

Records are screened and written by one background thread, many to a transaction: a commit per answer
took a quarter of the service's CPU under load (``eval/profile_service.py``), and the request waited for it.
The thread gathers records for up to :data:`LINGER_SECONDS` before it writes: under load it otherwise woke
for one or two records at a time, and a transaction of one record cost about 2 ms of CPU more per answer
than one of a hundred (A/B in ``eval/PERFORMANCE.md``). A record waits that long at most; a stop or a read
of the log flushes first.
Whatever reads the log calls :meth:`ConversationLog.flush` first, so it sees every answer already given.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from dataclasses import replace
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


#: Records written in one transaction at most.
BATCH = 256
#: Seconds the writer gathers records after the first before it writes them.
LINGER_SECONDS = 0.2


class ConversationLog:
    """Writes :class:`ConversationRecord` s to the shared store, off the request's path."""

    def __init__(self, store: Store, replica: str = "", enabled: bool = True) -> None:
        self.store = store
        self.replica = replica
        self.enabled = enabled
        self._queue: queue.Queue[ConversationRecord] = queue.Queue()
        self._writer: threading.Thread | None = None
        self._start = threading.Lock()

    def answered(self, question: str, answer: Answer, end_user: str | None, latency_ms: float) -> None:
        """Log a question and the answer (or refusal) it got."""
        self._write(ConversationRecord(
            id=str(uuid.uuid4()), at=datetime.now(UTC), end_user=end_user, question=question,
            answer=answer.answer, outcome=outcome_of(answer), reason=answer.reason,
            citations=[c.id for c in answer.citations], documents=documents_of(answer), backend=answer.backend,
            language=getattr(answer, "language", None) or language_of(question), latency_ms=round(latency_ms, 1),
            grounded=None if answer.refused else answer.grounded >= 1.0, replica=self.replica))

    def failed(self, question: str, end_user: str | None, latency_ms: float, backend: str = "") -> None:
        """Log a question whose answer could not be completed."""
        self._write(ConversationRecord(
            id=str(uuid.uuid4()), at=datetime.now(UTC), end_user=end_user, question=question, answer="",
            outcome="error", reason="the answer could not be completed", backend=backend,
            language=language_of(question), latency_ms=round(latency_ms, 1), replica=self.replica))

    def flush(self) -> None:
        """Wait until every record logged so far is stored (or has failed to be)."""
        self._queue.join()

    def _write(self, record: ConversationRecord) -> None:
        if not self.enabled:
            return
        with self._start:
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_forever, name="conversation-log", daemon=True)
                self._writer.start()
        self._queue.put(record)

    def _write_forever(self) -> None:
        while True:
            batch = [self._queue.get()]
            deadline = time.monotonic() + LINGER_SECONDS
            while len(batch) < BATCH and (left := deadline - time.monotonic()) > 0:
                try:
                    batch.append(self._queue.get(timeout=left))
                except queue.Empty:
                    break
            try:
                self.store.log_conversations([replace(r, question=screened(r.question), answer=screened(r.answer))
                                              for r in batch])
            except Exception:  # the citizen has the answer; a lost log line must not turn it into an error
                log.warning("conversation log: %d records could not be stored", len(batch), exc_info=True)
            finally:
                for _ in batch:
                    self._queue.task_done()
