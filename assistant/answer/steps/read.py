"""Step ``read``: read the question once (:func:`assistant.query.reading.read_question`) for every later step."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.answer.context import AnswerContext
from assistant.answer.events import AnswerEvent
from assistant.query.reading import read_question


class Read:
    """Sets ``context.reading``."""

    name = "read"

    def run(self, context: AnswerContext) -> Iterable[AnswerEvent]:
        """Read ``context.question`` with its history."""
        context.reading = read_question(context.question, context.history)
        return ()
