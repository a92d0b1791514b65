"""Step ``screen``: clean the text and deal with personal data in it, before anything else reads it.

What the user wrote (the question, user turns) is refused or redacted as the settings say; what the
assistant said (assistant turns, which a client may also forge) is always redacted: it is not the user's to
remove, and it must not reach a backend either.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from assistant.answer.context import AnswerContext
from assistant.answer.events import AnswerEvent
from assistant.answer.prompts import PromptBuilder
from assistant.answer.refusals import refusal
from assistant.query.forms import language_of
from assistant.query.privacy import describe, find_personal_data, redact
from assistant.text.sanitize import clean_text


class Screen:
    """Cleans the question and history; ends the run with a refusal when personal data must be removed first."""

    name = "screen"

    def __init__(self, prompts: PromptBuilder, personal_data: Literal["refuse", "redact"] = "refuse") -> None:
        self.prompts = prompts
        self.personal_data = personal_data

    def run(self, context: AnswerContext) -> Iterable[AnswerEvent]:
        """Clean ``context.question`` and ``context.history`` in place; refuse or redact personal data."""
        question = clean_text(context.question)
        history = [t.model_copy(update={"content": clean_text(t.content)}) for t in context.history]
        history = [t if t.role == "user" else t.model_copy(update={"content": redact(t.content)}) for t in history]
        found = [item for text in [question, *(t.content for t in history if t.role == "user")]
                 for item in find_personal_data(text)]
        if found and self.personal_data == "redact":
            # model_copy, not Turn(...): a placeholder may be longer than what it replaces.
            question = redact(question)
            history = [t.model_copy(update={"content": redact(t.content)}) if t.role == "user" else t for t in history]
        elif found:
            context.question, context.history = "", []
            context.end(refusal(self.prompts, "personal_data", [], detail=describe(found),
                                language=language_of(question)))
            return ()
        context.question, context.history = question, history
        return ()
