"""Step ``premise_note``: a question that gives an amount or a year the document never states gets a note.

The note names the kind of figure, not the figure (:mod:`assistant.query.premises`); it is the first text
the client sees, and it leads the answer unless the answer is a refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from assistant.answer.context import AnswerContext
from assistant.answer.events import AnswerEvent, DeltaEvent
from assistant.answer.prompts import PromptBuilder
from assistant.query.premises import StatedFigures


class PremiseNote:
    """Sets ``context.note`` and streams it."""

    name = "premise_note"

    def __init__(self, stated: Callable[[], StatedFigures], prompts: PromptBuilder) -> None:
        self.stated = stated
        self.prompts = prompts

    def run(self, context: AnswerContext) -> Iterator[AnswerEvent]:
        """Check the figures the question gives against the document's."""
        reading = context.reading
        context.note = self.prompts.premise_note(self.stated().unstated(reading.amounts, reading.years),
                                                 reading.language)
        if context.note:
            yield DeltaEvent(f"{context.note} ")
