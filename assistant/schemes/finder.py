"""The scheme finder for one loaded index: catalogue, matcher and citations.

The composition root (:attr:`assistant.service.Assistant.finder`) builds one per index, on first use, and
the HTTP API, the CLI and the chat route all use that one: the catalogue is built and checked once per
index and the measures are embedded once, when the service warms up.

>>> finder = SchemeFinder.load(index, embedder, settings.corpus_dir, prompts)    # doctest: +SKIP
>>> finder.match(Profile(needs=["computing power"])).matches[0].measure.name     # doctest: +SKIP
'AI Subsidy Scheme'

A profile described in Chinese ("我哋係一間做物流嘅初創，想用AI") is matched as its English twin: with a
``translate`` (the cross-language query, :mod:`assistant.query.crosslang`) its sector and description are
read in English first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.answer.draft import citation_for
from assistant.answer.prompts import PromptLibrary
from assistant.index.embedding import Embedder
from assistant.index.loaded import PolicyIndex
from assistant.retrieval import Passage
from assistant.schemes.catalogue import build_catalogue
from assistant.schemes.matching import MatchResult, SchemeMatcher
from assistant.schemes.model import Catalogue, Measure
from assistant.schemes.profile import Profile
from assistant.text.chinese import has_han
from assistant.types import Citation


class SchemeFinder:
    """Browse and match the support measures of one index."""

    def __init__(self, index: PolicyIndex, catalogue: Catalogue, embedder: Embedder, prompts: PromptLibrary,
                 translate: Callable[[str], str] | None = None) -> None:
        self.index = index
        self.translate = translate
        self.catalogue = catalogue
        self.matcher = SchemeMatcher(catalogue, embedder, prompts)
        self._rows = {chunk.id: row for row, chunk in enumerate(index.chunks)}

    @classmethod
    def load(cls, index: PolicyIndex, embedder: Embedder, corpus_dir: Path, prompts: PromptLibrary,
             translate: Callable[[str], str] | None = None) -> SchemeFinder:
        """Build and check the catalogue; :class:`~assistant.schemes.curated.CatalogueError` when invalid."""
        return cls(index, build_catalogue(index, corpus_dir), embedder, prompts, translate)

    def browse(self, kind: str | None = None, bureau: str | None = None,
               sector: str | None = None) -> tuple[list[Measure], list[str]]:
        """Measures passing the filters, and the sector labels ``sector`` was read as."""
        sectors = self.matcher.sectors.resolve(sector) if sector else None
        return self.catalogue.filter(kind, bureau, None if sectors is None else set(sectors)), sectors or []

    def match(self, profile: Profile, k: int = 5) -> MatchResult:
        """Ranked fitting measures for ``profile`` (see :class:`SchemeMatcher`); its Chinese read in English."""
        return self.matcher.match(self._in_english(profile), k)

    def _in_english(self, profile: Profile) -> Profile:
        if self.translate is None:
            return profile
        fields = {"sector": profile.sector, "description": profile.description}
        english = {name: self.translate(text) for name, text in fields.items() if text and has_han(text)}
        return profile.model_copy(update=english) if english else profile

    def warm(self) -> None:
        """Embed the measures now rather than on the first match."""
        self.matcher.warm()

    def citation(self, n: int, measure: Measure, score: float) -> Citation:
        """The citation of a measure's source passage under marker ``n``, as answers cite passages."""
        row = self._rows[measure.source.id]
        return citation_for(n, Passage(self.index.chunks[row], row, score, None, None), self.index)
