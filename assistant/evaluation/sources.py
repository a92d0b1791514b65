"""Turn a case's expected sources (chunk ids or verbatim quotes) into the chunk ids that count as relevant.

Quotes keep a suite valid across re-chunking: a quote matches every passage that contains it, and a long
quote (a RAGAS reference context spanning several measures) also matches every passage it contains.
Each source is kept as its own group, so citation recall can ask "was each expected source cited?".

>>> from assistant.ingest.chunking import Chunk
>>> chunks = [Chunk("c1", "d", (), "The $3 billion AI Subsidy Scheme. (ITIB)", ("ITIB",), ())]
>>> resolver = SourceResolver(chunks)
>>> resolver.resolve(["$3 billion AI Subsidy", "no such text"]).groups, resolver.resolve(["c1"]).unmatched
([frozenset({'c1'})], [])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.ingest.chunking import Chunk

_SPACES = re.compile(r"\s+")
# A passage shorter than this inside a long quote could be a coincidence ("(ITIB)"), not the source.
_MIN_CONTAINED_CHARS = 40


def normalise(text: str) -> str:
    """Collapse whitespace and case, so that line breaks and capitals never decide a match."""
    return _SPACES.sub(" ", text).strip().casefold()


@dataclass(frozen=True)
class ExpectedSources:
    """The chunk ids of each expected source that matched, and the sources that matched nothing."""

    groups: list[frozenset[str]]
    unmatched: list[str]

    @property
    def relevant(self) -> set[str]:
        """Every relevant chunk id."""
        return set().union(*self.groups)


class SourceResolver:
    """Resolves sources against one list of chunks (normalised once)."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self._ids = {c.id for c in chunks}
        self._texts = [(c.id, normalise(c.text)) for c in chunks]

    def resolve(self, sources: Sequence[str]) -> ExpectedSources:
        """Group each source's chunk ids; a source that matches no chunk is listed as unmatched."""
        groups: list[frozenset[str]] = []
        unmatched: list[str] = []
        for source in sources:
            ids = frozenset({source}) if source in self._ids else self._quoted(normalise(source))
            if ids:
                groups.append(ids)
            else:
                unmatched.append(source)
        return ExpectedSources(groups, unmatched)

    def _quoted(self, quote: str) -> frozenset[str]:
        return frozenset(chunk_id for chunk_id, text in self._texts
                         if quote in text or (len(text) >= _MIN_CONTAINED_CHARS and text in quote))
