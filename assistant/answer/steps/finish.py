"""Step ``finish``: the answer as the client gets it, and into the cache when it may be kept.

It runs after every run, however it ended. A cached answer is sent as it was. Otherwise the premise note
leads an answer that is not a refusal; the answer says which backend wrote it (a route's answer says so
itself) and the query retrieval used; an answer the chosen backend could not write is flagged degraded,
with the reason. It carries its next steps: the cited bureaux' contacts, or the 1823 enquiry line.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.answer.cache import AnswerCache
from assistant.answer.context import AnswerContext
from assistant.answer.events import AnswerEvent
from assistant.answer.next_steps import NextSteps
from assistant.query.forms import language_of


class Finish:
    """Completes ``context.answer`` and caches it."""

    name = "finish"

    def __init__(self, answers: AnswerCache, next_steps: NextSteps | None = None) -> None:
        self.answers = answers
        self.next_steps = next_steps

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
        if self.next_steps is not None and not answer.next_steps:
            language = context.reading.language if context.reading else language_of(context.question)
            update["next_steps"] = self.next_steps.for_answer(answer, language)
        context.answer = answer = answer.model_copy(update=update)
        if context.cache_key and not answer.degraded:
            self.answers.put(context.cache_key, context.sources, answer)
        return ()
