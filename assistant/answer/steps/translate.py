"""Step ``translate``: a question in another language than the documents' searched in theirs.

A Chinese question over English documents is searched with its English query (:mod:`assistant.query.crosslang`:
the glossary's names, then CC-CEDICT); where the index holds Chinese text too, the question's own words are
searched as well, so a Chinese document is found from its own text (BM25 reads Chinese as character pairs).
A Chinese question that names a particular measure (a scheme, fund, programme or platform of the glossary) is
about that measure, not a request for support in general, as an English one naming "... Scheme" is not.
An English question is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from assistant.answer.context import AnswerContext
from assistant.answer.events import AnswerEvent
from assistant.query.crosslang import CrossLanguage

#: The kinds of glossary name that are support measures.
MEASURES = frozenset({"scheme", "fund", "programme", "platform"})


class Translate:
    """Rewrites ``context.query`` into the documents' language."""

    name = "translate"

    def __init__(self, translator: CrossLanguage, chinese_documents: bool = False) -> None:
        self.translator = translator
        self.chinese_documents = chinese_documents

    def run(self, context: AnswerContext) -> Iterable[AnswerEvent]:
        """Translate a Chinese question's standalone query; keep its own words when there are Chinese documents."""
        if context.reading.language != "zh":
            return ()
        reading = context.reading
        if reading.support and any(n.kind in MEASURES for _, n in self.translator.glossary.names_in(reading.text)):
            context.reading = replace(reading, support=False, business=None, size=None)
        english = self.translator.english(context.query)
        context.query = f"{english} {context.query}" if self.chinese_documents or not english else english
        return ()
