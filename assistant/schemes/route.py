"""The funding-scheme route: a support-seeking chat question answered from the catalogue.

"What funding could my logistics start-up get?" wants a list of the measures that fit the asker, not the
one passage closest to its words. The reader marks such questions (:attr:`~assistant.query.reading.Reading.support`:
they ask for support for the asker's enterprise, or enterprises like it, and name no particular measure);
this route claims them, reads a profile from the question (its sector words and size, the question itself
as the description), matches it and answers with a cited list in the usual answer object
(``prompts/support_answer.j2``).

>>> route = SchemeRoute(lambda: finder, prompts)                                            # doctest: +SKIP
>>> route.claims(read_question("What funding could my logistics start-up get?"))            # doctest: +SKIP
True
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.answer.prompts import PromptBuilder
from assistant.query.reading import Reading
from assistant.schemes.finder import SchemeFinder
from assistant.schemes.model import amount_text
from assistant.schemes.profile import Profile
from assistant.schemes.vocabulary import SIZES, normalise
from assistant.text.markers import cite
from assistant.types import Answer

#: Most measures a chat answer lists.
CHAT_MEASURES = 5


class SchemeRoute:
    """Answers support-seeking questions with the measures that fit; ``finder`` gives the index's finder."""

    name = "schemes"

    def __init__(self, finder: Callable[[], SchemeFinder], prompts: PromptBuilder) -> None:
        self.finder = finder
        self.prompts = prompts

    def claims(self, reading: Reading) -> bool:
        """Whether the question asks what support the asker's enterprise could get."""
        return reading.support

    def answer(self, query: str, reading: Reading) -> Answer:
        """A cited list of the measures that fit the asker, or an honest "nothing fits" with the nearest ones."""
        finder = self.finder()
        result = finder.match(profile_from_question(query, reading, finder), CHAT_MEASURES)
        listed = result.matches or result.nearest
        citations = [finder.citation(n, m.measure, m.score) for n, m in enumerate(listed, 1)]
        measures = [{"name": m.measure.name, "summary": cite(m.measure.summary, n),
                     "amount": amount_text(m.measure.amount_hkd) if m.measure.amount_hkd else ""}
                    for n, m in enumerate(listed, 1)]
        text = self.prompts.library.render("support_answer.j2", fits=result.fits, sectors=result.sectors,
                                           measures=measures, responsible=self.prompts.responsible(citations))
        return Answer(answer=text, citations=citations, backend="extractive", query=query,
                      topics=[m.measure.name for m in listed] if not result.fits else [])


def profile_from_question(query: str, reading: Reading, finder: SchemeFinder) -> Profile:
    """The question as a profile: its sector, the size it states, and the query itself as the description.

    The sector is the asker's words for its business when it names one (so "we run a hair salon" keeps
    sector-specific measures out), else the catalogue sectors the query's words name.
    """
    sector = reading.business or ", ".join(finder.matcher.sectors.lexical(query)) or None
    size = SIZES.get(normalise(reading.size).rstrip("s")) if reading.size else None
    return Profile(sector=sector, size=size, description=query)
