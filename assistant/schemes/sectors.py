"""Read which of the catalogue's sectors an enterprise means when it names its sector in its own words.

Two ways, either enough: a word or phrase the curated vocabulary lists for a sector ("banks" -> financial
services; stemmed, so "bank" finds it too), or a close embedding of the whole sector text to the sector's
label and words ("fintech" -> financial services, "medtech" -> life and health technology). A sector far
from all of them ("bakery") resolves to none, and then only measures open to every sector fit.

>>> resolver = SectorResolver({"construction": "builders, civil engineering"}, embedder)   # doctest: +SKIP
>>> resolver.resolve("civil engineering firm")                                          # doctest: +SKIP
['construction']
"""

from __future__ import annotations

import threading

import numpy as np

from assistant.index.embedding import Embedder
from assistant.text.tokens import tokenize

#: Lowest cosine of a sector text to a sector's description for it to count (the bundled MiniLM puts
#: "fintech" at 0.57 from financial services, "green tech" at 0.42 from research; unrelated trades below 0.4).
MIN_SECTOR_SIMILARITY = 0.45
# Words too general to tell sectors apart: "technology" is in "life and health technology" and in
# "construction technology"; "services" in "financial services" and "airport services".
_GENERIC = frozenset(tokenize("company companies firm business enterprise services industry industries "
                              "technology start-up startup sector local solutions products provider"))


def _phrases(label: str, words: str) -> list[frozenset[str]]:
    """The label and each comma-separated phrase, as sets of specific stemmed words."""
    phrases = [label, *words.split(",")]
    return [stems for p in phrases if (stems := frozenset(tokenize(p)) - _GENERIC)]


class SectorResolver:
    """Maps free-text sectors to the catalogue's sector labels."""

    def __init__(self, sectors: dict[str, str], embedder: Embedder) -> None:
        self.labels = list(sectors)
        self._phrases = {label: _phrases(label, words) for label, words in sectors.items()}
        self._texts = [f"{label}: {words}" for label, words in sectors.items()]
        self._embedder = embedder
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def _sector_vectors(self) -> np.ndarray:
        with self._lock:
            if self._vectors is None:
                self._vectors = self._embedder.encode(self._texts)
            return self._vectors

    def lexical(self, text: str) -> list[str]:
        """Sectors one of whose phrases appears, every word of it, in ``text``."""
        words = set(tokenize(text))
        return [label for label, phrases in self._phrases.items() if any(p <= words for p in phrases)]

    def resolve(self, text: str) -> list[str]:
        """The sectors ``text`` names: by phrase, else the closest by meaning if close enough."""
        if not self.labels:
            return []
        named = self.lexical(text)
        if named:
            return named
        similarities = self._sector_vectors() @ self._embedder.encode([text])[0]
        best = int(np.argmax(similarities))
        return [self.labels[best]] if similarities[best] >= MIN_SECTOR_SIMILARITY else []
