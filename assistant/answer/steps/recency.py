"""Step ``as_of``: when the passage an answer leads with supersedes an older version, the answer says so.

Retrieval already puts the newest version of a statement first (:func:`assistant.retrieval.prefer_newer`);
this step names the document and date the answer is as of, and the older documents it supersedes, so a
reader knows which figure is current. The note leads the answer, after any premise note.
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant.answer.context import AnswerContext
from assistant.answer.events import AnswerEvent, DeltaEvent
from assistant.retrieval import versions_of


class AsOf:
    """Adds the "as of" note to ``context.note`` and streams it."""

    name = "as_of"

    def run(self, context: AnswerContext) -> Iterator[AnswerEvent]:
        """Compare the first cited passage with the older versions among the retrieved ones."""
        if context.draft is None or not context.draft.citations:
            return
        first = context.draft.citations[0]
        lead = next((p.chunk for p in context.passages if p.chunk.id == first.id), None)
        if lead is None or not lead.document_date:
            return
        older = [p.chunk for p in context.passages if p.chunk.document_date and versions_of(lead, p.chunk)
                 and p.chunk.document_date < lead.document_date]
        if not older:
            return
        earlier = " and ".join(sorted({c.document_date for c in older}, reverse=True))
        note = f"As of {lead.document_title} ({lead.document_date}), superseding the figures of {earlier}:"
        context.note = f"{context.note} {note}".strip()
        yield DeltaEvent(f"{note} ")
