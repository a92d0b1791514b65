"""The extractive draft: the document's own sentences that answer the question, each cited.

No language model is involved, so it is fast, deterministic and cannot invent a fact. It scores every
sentence of the evidence passages against the question (cosine of precomputed sentence vectors, plus the
passage's own relevance and word overlap), keeps the best few, and cites each with ``[n]``. The draft is
the extractive backend's answer, and what every other backend's answer falls back to.

>>> composer = ExtractiveComposer(index, settings, prompts)                      # doctest: +SKIP
>>> composer.select("How much is the AI Subsidy Scheme?", vector, passages)[0].sentence   # doctest: +SKIP
'Continue to implement the $3 billion AI Subsidy Scheme to support local institutions, ...'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from assistant.answer.prompts import PromptBuilder
from assistant.config import Settings
from assistant.index.loaded import PolicyIndex
from assistant.query.details import gives_detail
from assistant.retrieval import Passage
from assistant.text.markers import cite
from assistant.text.patterns import MULTI_WORD_NAME
from assistant.text.tokens import tokenize
from assistant.types import Citation, DocumentVersion

# Weights of the sentence score's parts. The sentence's own similarity leads; the passage's similarity
# keeps a generic sentence of the right measure above a similar-sounding sentence of the wrong one.
_PASSAGE_WEIGHT = 0.5
_OVERLAP_WEIGHT = 0.3
# A further sentence joins the answer only if it scores within this much of the best one.
_SENTENCE_MARGIN = 0.12


_MULTI_WORD_NAME = re.compile(MULTI_WORD_NAME)
# Names too general to tie two passages to one measure.
_GENERAL_NAMES = frozenset({"hong kong", "the government", "greater bay area", "the mainland"})


def _names(passage: Passage) -> set[str]:
    return {m.group(0).casefold() for m in _MULTI_WORD_NAME.finditer(passage.chunk.text)} - _GENERAL_NAMES


def _same_measure(best: Passage, other: Passage) -> bool:
    """Whether ``other``, from another document, names a measure ``best`` names (a multi-word name)."""
    return other.chunk.doc_id != best.chunk.doc_id and bool(_names(best) & _names(other))


def beside(best: Passage, other: Passage) -> bool:
    """Whether ``other`` is the piece just before or after ``best`` of one block.

    A paragraph split in two ("... submitted by X Company Limited." then "This is the first project ...") is
    one statement.
    """
    first, second = sorted((best.chunk, other.chunk), key=lambda chunk: chunk.position)
    return (first.doc_id == second.doc_id and second.position == first.position + 1 and second.part > 0
            and first.section == second.section)


def pieces_beside(best: Passage, index: PolicyIndex, found: list[Passage]) -> list[Passage]:
    """The pieces of ``best``'s block just before and after it (:func:`beside`), retrieved or not.

    A piece among the ``found`` passages keeps its scores; one retrieval did not rank is given ``best``'s
    score and no cosine of its own (the composer weighs its sentences by theirs).
    """
    ranked = {p.row: p for p in found}
    pieces = []
    for row in (best.row - 1, best.row + 1):
        if 0 <= row < len(index.chunks):
            piece = ranked.get(row) or Passage(index.chunks[row], row, best.score, None, None)
            if beside(best, piece):
                pieces.append(piece)
    return pieces


@dataclass(frozen=True)
class Evidence:
    """A sentence chosen for the answer, from the passage it will cite."""

    sentence: str
    passage: Passage
    score: float


def citation_for(n: int, passage: Passage, index: PolicyIndex) -> Citation:
    """The citation record for ``passage`` under marker ``n``."""
    chunk = passage.chunk
    return Citation(n=n, id=chunk.id, text=chunk.text, section=chunk.section_path,
                    bureaux=index.bureaux.describe(chunk.bureaux), score=round(passage.score, 6),
                    document_title=chunk.document_title or None, document_date=chunk.document_date, url=chunk.url,
                    paragraph=chunk.paragraph,
                    versions=[DocumentVersion(language=language, title=title, url=url)
                              for _, language, title, url in chunk.versions])


class ExtractiveComposer:
    """Chooses and cites the sentences that answer a question."""

    def __init__(self, index: PolicyIndex, settings: Settings, prompts: PromptBuilder) -> None:
        self.index = index
        self.max_sentences = settings.answer_sentences
        self.prompts = prompts

    def citation(self, n: int, passage: Passage) -> Citation:
        """The citation record for ``passage`` under marker ``n``."""
        return citation_for(n, passage, self.index)

    def select(self, question: str, query_vectors: np.ndarray, passages: list[Passage],
               detail: str | None = None) -> list[Evidence]:
        """The best sentences, best first; with ``detail`` set, the first one states that detail.

        ``passages`` are best first. Returns an empty list when ``detail`` is asked for and the best
        passage does not give it.
        """
        scored = self._score_sentences(question, query_vectors, passages)
        if detail:
            # The detail must come from the best passage: an amount from the next-best passage is
            # usually another scheme's amount, and quoting it would answer a different question. Another
            # document's passage on the same named measure is the same measure, so it may give the detail, and
            # so may the other half of a paragraph split in two.
            same = {p.row for p in passages
                    if p is passages[0] or _same_measure(passages[0], p) or beside(passages[0], p)}
            with_detail = [e for e in scored if e.passage.row in same and gives_detail(detail, e.sentence, question)]
            if not with_detail:
                return []
            scored = [with_detail[0]] + [e for e in scored if e is not with_detail[0]]
        best = scored[0].score
        chosen = [scored[0]]
        for evidence in scored[1:]:
            if len(chosen) >= self.max_sentences or evidence.score < best - _SENTENCE_MARGIN:
                break
            chosen.append(evidence)
        return chosen

    def compose(self, evidence: list[Evidence], numbers: dict[str, int] | None = None,
                language: str = "en") -> tuple[str, list[Citation]]:
        """Answer text with ``[n]`` markers, the citations it uses, and who is responsible.

        ``numbers`` maps chunk id to marker number when the sources were numbered already (so that this
        draft matches a source list sent earlier); otherwise passages are numbered in order of use. The
        frame is in the question's ``language``: in Chinese a lead line, the quoted sentences in the
        document's own words, their names and amounts in both languages, and the bureaux by their Chinese names.
        """
        numbers = dict(numbers or {})
        used: dict[str, Citation] = {}
        lines: list[str] = []
        for item in evidence:
            chunk_id = item.passage.chunk.id
            n = numbers.setdefault(chunk_id, len(numbers) + 1)
            if chunk_id not in used:
                used[chunk_id] = citation_for(n, item.passage, self.index)
            lines.append(cite(item.sentence, n))
        citations = sorted(used.values(), key=lambda c: c.n)
        lead = self.prompts.lead(language)
        names = self.prompts.names_note([item.sentence for item in evidence], language)
        responsible = self.prompts.responsible(citations, language)
        return " ".join(line for line in [lead, *lines, names, responsible] if line), citations

    def _score_sentences(self, question: str, query_vectors: np.ndarray, passages: list[Passage]) -> list[Evidence]:
        question_words = set(tokenize(question))
        spans = [self.index.sentence_rows(passage.row) for passage in passages]
        if not spans:
            return []
        # Every sentence of every passage against every phrasing of the query, in one product.
        rows = np.concatenate([np.arange(span.start, span.stop) for span in spans])
        similarities = (self.index.sentence_vectors[rows] @ query_vectors.T).max(axis=1).tolist()
        scored: list[Evidence] = []
        start = 0
        for passage, span in zip(passages, spans, strict=True):
            own = similarities[start:start + len(span)]
            start += len(span)
            # A passage only BM25 found has no dense score; its best sentence stands in.
            passage_similarity = passage.dense_score if passage.dense_score is not None else max(own)
            for sentence, similarity in zip(passage.chunk.sentences, own, strict=True):
                overlap = len(question_words & _words(sentence)) / max(len(question_words), 1)
                score = similarity + _PASSAGE_WEIGHT * passage_similarity + _OVERLAP_WEIGHT * overlap
                scored.append(Evidence(sentence, passage, score))
        return sorted(scored, key=lambda e: -e.score)


@lru_cache(maxsize=65536)
def _words(sentence: str) -> frozenset[str]:
    """The search tokens of a document's sentence; kept, as the same sentences are weighed for many questions."""
    return frozenset(tokenize(sentence))
