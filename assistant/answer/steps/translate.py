"""Step ``translate``: a question in another language than the documents' searched in theirs.

A Chinese question over English documents is searched with its English query (:mod:`assistant.query.crosslang`:
the glossary's names, then CC-CEDICT); where the index holds Chinese text too, the question's own words are
searched as well, so a Chinese document is found from its own text (BM25 reads Chinese as character pairs).
An English question is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.answer.context import AnswerContext
from assistant.answer.events import AnswerEvent
from assistant.query.crosslang import CrossLanguage


class Translate:
    """Rewrites ``context.query`` into the documents' language."""

    name = "translate"

    def __init__(self, translator: CrossLanguage, chinese_documents: bool = False) -> None:
        self.translator = translator
        self.chinese_documents = chinese_documents

    def run(self, context: AnswerContext) -> Iterable[AnswerEvent]:
        """Translate a Chinese question's standalone query; keep its own words when there are Chinese documents."""
        if context.reading.language == "zh":
            english = self.translator.english(context.query)
            context.query = f"{english} {context.query}" if self.chinese_documents or not english else english
        return ()
