"""Step ``finish``: the answer as the client gets it, and into the cache when it may be kept.

It runs after every run, however it ended. A cached answer is sent as it was. Otherwise the premise note
leads an answer that is not a refusal; the answer says which backend wrote it (a route's answer says so
itself) and the query retrieval used; an answer the chosen backend could not write is flagged degraded,
with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.answer.cache import AnswerCache
from assistant.answer.context import AnswerContext
from assistant.answer.events import AnswerEvent


class Finish:
    """Completes ``context.answer`` and caches it."""

    name = "finish"

    def __init__(self, answers: AnswerCache) -> None:
        self.answers = answers

    def run(self, context: AnswerContext) -> Iterable[AnswerEvent]:
        """Stamp the answer; store it when it has a cache key and is not degraded."""
        answer = context.answer
        if context.cached:
            return ()
        update: dict[str, object] = {"query": context.query}
        if context.note and not answer.refused:
            update["answer"] = f"{context.note} {answer.answer}"
        if not context.routed:
            update["backend"] = context.writer.name
            if context.unavailable and not answer.refused:
                update |= {"degraded": True, "reason": context.unavailable}
        context.answer = answer = answer.model_copy(update=update)
        if context.cache_key and not answer.degraded:
            self.answers.put(context.cache_key, context.sources, answer)
        return ()
