"""Step ``write``: the writer's answer (the draft, or a backend's verified sentences), streamed as it comes."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.answer.context import AnswerContext
from assistant.answer.events import AnswerEvent


class Write:
    """Ends the run with the written answer."""

    name = "write"

    def run(self, context: AnswerContext) -> Iterator[AnswerEvent]:
        """Write from ``context.plan`` and ``context.draft``."""
        answer = yield from context.writer.write(context.query, context.plan, context.draft, context.cancel)
        context.end(answer)
