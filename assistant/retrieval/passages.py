"""What retrieval returns and what it may be restricted to: :class:`Passage`, :class:`Filters`.

:func:`groups` gathers related passages of a ranking (versions of one statement, restatements of one
measure), which the ordering rules (:mod:`.ordering`, :mod:`.newer`) then order within.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.ingest.chunking import Chunk


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its fused score and the scores behind it.

    ``dense_score`` is the cosine similarity to the query and ``lexical_score`` the BM25 score; either is
    ``None`` when that retriever did not rank the chunk among its candidates.
    """

    chunk: Chunk
    row: int
    score: float
    dense_score: float | None
    lexical_score: float | None


@dataclass(frozen=True)
class Filters:
    """Optional restrictions: bureau tags (any of), a heading the section path must contain, and a document.

    ``document`` matches a document's id (its path in the corpus) or words of its title, ignoring case.
    """

    bureaux: tuple[str, ...] = ()
    section: str | None = None
    document: str | None = None

    def allows(self, chunk: Chunk) -> bool:
        """Whether ``chunk`` passes every filter that is set."""
        if self.bureaux and not {b.lower() for b in chunk.bureaux} & {b.lower() for b in self.bureaux}:
            return False
        if self.document and not (self.document.lower() in chunk.doc_id.lower()
                                  or self.document.lower() in chunk.document_title.lower()):
            return False
        return not self.section or self.section.lower() in chunk.section_path.lower()

    def __bool__(self) -> bool:
        return bool(self.bureaux or self.section or self.document)


def groups(passages: list[Passage], related: Callable[[Chunk, Chunk], bool]) -> Iterator[list[Passage]]:
    """Each passage not yet placed, with the passages not yet placed that are ``related`` to it, in rank order."""
    placed: set[int] = set()
    for passage in passages:
        if passage.row in placed:
            continue
        group = [passage, *(p for p in passages if p.row not in placed and p.row != passage.row
                            and related(passage.chunk, p.chunk))]
        placed.update(p.row for p in group)
        yield group
