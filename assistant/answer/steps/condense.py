"""Step ``condense``: the standalone query a follow-up needs, as the writer makes it (rule or model)."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.answer.context import AnswerContext
from assistant.answer.events import AnswerEvent


class Condense:
    """Sets ``context.query``."""

    name = "condense"

    def run(self, context: AnswerContext) -> Iterable[AnswerEvent]:
        """Condense the question read by the read step."""
        context.query = context.writer.condense(context.reading, context.history, context.cancel)
        return ()
