"""The same numbered paragraph in a document's other language versions (``Chunk.versions``).

Official bilingual documents number their paragraphs alike ("68." in English, "68." in Chinese): a passage
of one version has its counterpart among the same paragraph's passages in another, where both documents are
linked. The two versions need not split a paragraph alike (English sentences run longer, so an English
paragraph often splits into more passages than its Chinese one): the counterpart is the passage of that
paragraph sharing most figures and Latin names ("28", "SAF", "InnoHK") with it, then the one of its kind
(bullet, paragraph), then the one at the nearest relative place. Documents without paragraph numbers have
no counterparts.

>>> from assistant.ingest.chunking import Chunk
>>> en = Chunk("a", "pa-en", (), "68. The scheme.", (), (), paragraph="68", versions=(("pa-tc", "zh", "T", None),))
>>> tc = Chunk("b", "pa-tc", (), "68. 計劃。", (), (), paragraph="68", language="zh",
...            versions=(("pa-en", "en", "T", None),))
>>> versions = ParagraphVersions([en, tc])
>>> versions.counterpart(0, "zh"), versions.counterpart(1, "en"), versions.counterpart(0, "en")
(1, 0, None)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.ingest.chunking import Chunk
from assistant.ingest.versions import primary_language

#: What a passage and its translation write alike: figures and words in Latin letters (names, acronyms).
_ANCHOR = re.compile(r"\d+(?:\.\d+)?|[A-Za-z][A-Za-z&]+")


def anchors(text: str) -> frozenset[str]:
    """The figures and Latin words of ``text``, case folded, digit groups joined ("3,000" is ``3000``).

    >>> sorted(anchors("28個氫能源試驗項目，涵蓋SAF及3,000元"))
    ['28', '3000', 'saf']
    """
    return frozenset(a.casefold() for a in _ANCHOR.findall(re.sub(r"(?<=\d),(?=\d{3})", "", text)))


def same_language(a: str, b: str) -> bool:
    """Whether two BCP 47 tags name the same language: ``zh-Hant-HK`` and ``zh`` do."""
    return primary_language(a) == primary_language(b)


class ParagraphVersions:
    """Row -> the row of the same paragraph in a linked version of its document, by language."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.chunks = chunks
        #: (doc_id, paragraph) -> rows of that paragraph's passages, in reading order.
        self.paragraphs: dict[tuple[str, str], list[int]] = {}
        for row, chunk in sorted(enumerate(chunks), key=lambda item: item[1].position):
            if chunk.versions and chunk.paragraph:
                self.paragraphs.setdefault((chunk.doc_id, chunk.paragraph), []).append(row)
        #: Row -> the figures and Latin names of its passage, for each passage of a linked paragraph.
        self.anchors = {row: anchors(chunks[row].text) for rows in self.paragraphs.values() for row in rows}

    def __bool__(self) -> bool:
        return bool(self.paragraphs)

    def counterpart(self, row: int, language: str) -> int | None:
        """The row of ``row``'s paragraph in its version written in ``language``; ``None`` when there is none."""
        chunk = self.chunks[row]
        if same_language(chunk.language, language) or not chunk.paragraph:
            return None
        rows = self.paragraphs.get((chunk.doc_id, chunk.paragraph), [])
        if row not in rows:
            return None
        where = (rows.index(row) + 0.5) / len(rows)
        for doc_id, version_language, _, _ in chunk.versions:
            others = self.paragraphs.get((doc_id, chunk.paragraph), [])
            if same_language(version_language, language) and others:
                return self._likest(row, where, others)
        return None

    def _likest(self, row: int, where: float, others: list[int]) -> int:
        """The row of ``others`` (a paragraph's passages in another version) most like ``row``'s passage.

        Most anchors shared first, then the same kind, then the place nearest ``where`` (``chunk``'s relative
        place in its own paragraph).
        """
        chunk, mine = self.chunks[row], self.anchors[row]

        def likeness(place: int) -> tuple[int, bool, float]:
            candidate = self.chunks[others[place]]
            return (len(mine & self.anchors[others[place]]), candidate.kind == chunk.kind,
                    -abs((place + 0.5) / len(others) - where))

        return others[max(range(len(others)), key=likeness)]
