"""Step ``cache``: a finished answer to the same question, replayed as the events a fresh one would send.

Only an answer that is a pure function of its key is kept: a cacheable writer's (the draft's), when the
backend the request chose could start. The finishing step stores it.
"""

from __future__ import annotations

from collections.abc import Iterator

from assistant.answer.cache import AnswerCache
from assistant.answer.context import AnswerContext
from assistant.answer.events import AnswerEvent, DeltaEvent, SourcesEvent


class Cache:
    """Looks the question up; a hit ends the run with the cached answer."""

    name = "cache"

    def __init__(self, answers: AnswerCache) -> None:
        self.answers = answers

    def run(self, context: AnswerContext) -> Iterator[AnswerEvent]:
        """Set ``context.cache_key`` for a cacheable answer; replay and end the run on a hit."""
        if not context.writer.cacheable or context.unavailable is not None or context.filters:
            return
        context.cache_key = AnswerCache.key(context.writer.name, context.question, context.history)
        cached = self.answers.get(context.cache_key)
        if cached is None:
            return
        sources, answer = cached
        if sources:
            yield SourcesEvent(sources)
        if not answer.refused:
            yield DeltaEvent(answer.answer)
        context.end(answer, cached=True)
