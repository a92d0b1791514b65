"""Step ``draft``: the extractive draft, and the numbered sources the answer may cite, sent to the client."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.answer.context import AnswerContext
from assistant.answer.draft import ExtractiveComposer
from assistant.answer.events import AnswerEvent, SourcesEvent


class DraftStep:
    """Sets ``context.draft`` (numbered as the writer's sources are) and sends the sources."""

    name = "draft"

    def __init__(self, composer: ExtractiveComposer) -> None:
        self.composer = composer

    def run(self, context: AnswerContext) -> Iterator[AnswerEvent]:
        """Compose the draft of ``context.plan``."""
        context.draft = context.writer.draft(self.composer, context.plan)
        yield SourcesEvent(context.draft.sources)
