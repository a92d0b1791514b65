"""Hybrid retrieval: dense (FAISS inner product) and BM25 results fused by their normalised scores.

Dense vectors catch paraphrases ("money for computing power" finds the AI Subsidy Scheme); BM25 catches
exact names and numbers ("CorpID", "2027") that a small embedder blurs. Each retriever's scores are scaled to
[0, 1] over its own candidates (:func:`fuse`) and added with ``dense_weight``: unlike reciprocal rank fusion,
a passage that one retriever finds far better than the rest keeps that lead, rather than counting as one rank
ahead; that matters once many documents restate one measure and a dozen passages score almost alike. A
passage that contains a measure the question names word for word gains ``name_match_weight``: the embedder
puts "Re-industrialisation Funding Scheme" and "New Industrialisation Funding Scheme" close together. A dense
candidate ranks a little closer to its best sentence's cosine (``sentence_weight``): a paragraph that covers
several things is found by the one sentence that answers.

Asked in a ``language``, a passage of a document linked to its version in that language gives its place to
the same paragraph there (:mod:`assistant.index.versions`), so the reader is quoted the text in the question's
language.

>>> retriever = Retriever(index, embedder, settings)                      # doctest: +SKIP
>>> [p.chunk.bureaux for p in retriever.search("Who runs the AI Subsidy Scheme?", k=1)]   # doctest: +SKIP
[('ITIB',)]
"""

from __future__ import annotations

import re
from typing import Literal

import faiss
import numpy as np

from assistant.config import Settings
from assistant.index import ann
from assistant.index.embedding import Embedder
from assistant.index.loaded import PolicyIndex
from assistant.index.versions import ParagraphVersions
from assistant.query.reading import asked_detail, asks_who_is_responsible
from assistant.retrieval.newer import asked_periods, prefer_newer
from assistant.retrieval.ordering import prefer_detail, prefer_specific, prefer_tagged
from assistant.retrieval.passages import Filters, Passage
from assistant.text.patterns import MEASURE_WORDS, MULTI_WORD_NAME

Mode = Literal["hybrid", "dense", "lexical"]

_MEASURE_NAME = re.compile(MULTI_WORD_NAME)


def measures_named(question: str) -> list[str]:
    """The names of measures a question gives, case-folded: names of two words or more with a measure word.

    >>> measures_named("What is the ceiling under the Re-industrialisation Funding Scheme?")
    ['re-industrialisation funding scheme']
    >>> measures_named("Under NIAS, how is the cost split?")
    []
    """
    return [m.group(0).casefold() for m in _MEASURE_NAME.finditer(question)
            if MEASURE_WORDS & set(m.group(0).split())]


def fuse(dense: dict[int, float], lexical: dict[int, float], dense_weight: float) -> dict[int, float]:
    """Row -> ``dense_weight`` x min-max scaled cosine + the rest x BM25 over its best score.

    Each retriever's scores are scaled over its own candidates, so neither's units matter; a row one of them
    did not rank gets 0 from it. With one retriever empty (mode ``dense`` or ``lexical``) its order is kept.

    >>> fuse({1: 0.8, 2: 0.6}, {2: 10.0, 3: 5.0}, 0.5)
    {1: 0.5, 2: 0.5, 3: 0.25}
    """
    low, high = min(dense.values(), default=0.0), max(dense.values(), default=0.0)
    best_lexical = max(lexical.values(), default=0.0)
    fused: dict[int, float] = {}
    for row in dense.keys() | lexical.keys():
        cosine = (dense[row] - low) / (high - low) if row in dense and high > low else float(row in dense)
        bm25 = lexical.get(row, 0.0) / best_lexical if best_lexical > 0 else 0.0
        fused[row] = dense_weight * cosine + (1 - dense_weight) * bm25
    return dict(sorted(fused.items()))


class Retriever:
    """Searches one loaded index."""

    def __init__(self, index: PolicyIndex, embedder: Embedder, settings: Settings) -> None:
        self.index = index
        self.versions = ParagraphVersions(index.chunks)
        self.embedder = embedder
        self.dense_weight = settings.dense_weight
        self.name_match_weight = settings.name_match_weight
        self.detail_margin = settings.detail_margin
        self.sentence_weight = settings.sentence_weight
        self.candidates = settings.candidates
        # A service searches one query per request and gets its parallelism from concurrent requests:
        # OpenMP threads inside one small search only spin against the other requests' work.
        faiss.omp_set_num_threads(settings.faiss_threads)

    def search(self, query: str, k: int = 5, filters: Filters = Filters(), mode: Mode = "hybrid",
               query_vectors: np.ndarray | None = None, language: str | None = None) -> list[Passage]:
        """The ``k`` best passages for ``query``, best first.

        ``query_vectors`` (one row per phrasing of the query) saves embedding the query again; a chunk's
        dense score is its best cosine over the rows. With ``language`` (the question's), a passage whose
        paragraph a linked version gives in that language is replaced by it (:meth:`in_language`).
        """
        allowed = self._allowed(filters)
        if allowed is not None and not len(allowed):
            return []
        if query_vectors is None and mode != "lexical":
            query_vectors = self.embedder.encode_query(query)[None, :]
        dense = {} if mode == "lexical" else self._dense(allowed, query_vectors)
        lexical = {} if mode == "dense" else self._lexical(query, allowed)
        fused = fuse(self._with_best_sentences(dense, query_vectors), lexical, self.dense_weight)
        names = measures_named(query)
        if names and self.name_match_weight:
            for row in fused:
                if any(name in self.index.chunks[row].embedding_text().casefold() for name in names):
                    fused[row] += self.name_match_weight
        # Twice as many as asked for, so a newer version just below the cut still takes its older one's place.
        best = sorted(fused, key=lambda row: (-fused[row], row))[:2 * k]
        passages = [Passage(self.index.chunks[row], row, fused[row], dense.get(row), lexical.get(row))
                    for row in best]
        detail = asked_detail(query)
        ranked = prefer_newer(prefer_specific(passages, detail, query), asked_periods(query))
        if detail and self.detail_margin:
            ranked = prefer_detail(ranked[:k], detail, query, self.detail_margin) + ranked[k:]
        if self.detail_margin and asks_who_is_responsible(query):
            ranked = prefer_tagged(ranked[:k], self.detail_margin) + ranked[k:]
        return (self.in_language(ranked, language, filters) if language and self.versions else ranked)[:k]

    def in_language(self, passages: list[Passage], language: str, filters: Filters = Filters()) -> list[Passage]:
        """Each passage replaced by its paragraph in ``language``'s version, where a linked version has it.

        The counterpart takes the passage's place and scores (it was found as that paragraph, and the
        relevance threshold reads them); a paragraph found in both versions is kept once, at the better place.
        """
        result, seen = [], set()
        for passage in passages:
            row = self.versions.counterpart(passage.row, language)
            if row is not None and filters.allows(self.index.chunks[row]):
                passage = Passage(self.index.chunks[row], row, passage.score, passage.dense_score,
                                  passage.lexical_score)
            if passage.row not in seen:
                seen.add(passage.row)
                result.append(passage)
        return result

    def _allowed(self, filters: Filters) -> np.ndarray | None:
        if not filters:
            return None
        return np.array([i for i, c in enumerate(self.index.chunks) if filters.allows(c)], dtype=np.int64)

    def _with_best_sentences(self, dense: dict[int, float], vectors: np.ndarray | None) -> dict[int, float]:
        """Each dense candidate's cosine moved ``sentence_weight`` of the way up to its best sentence's.

        "What economic growth is expected this year?" is answered by one sentence of a paragraph on housing
        and incomes: the paragraph's own vector is far from the question, that sentence's is close. Only the
        candidates are scored (one product over their sentences), so the cost does not grow with the corpus.
        """
        if not dense or not self.sentence_weight:
            return dense
        rows = [row for row in dense if len(self.index.sentence_rows(row))]
        if not rows:
            return dense
        spans = [self.index.sentence_rows(row) for row in rows]
        sentence_rows = np.concatenate([np.arange(span.start, span.stop) for span in spans])
        cosines = (self.index.sentence_vectors[sentence_rows] @ vectors.T).max(axis=1)
        starts = np.cumsum([0] + [len(span) for span in spans[:-1]])
        best = np.maximum.reduceat(cosines, starts).tolist()
        lifted = dict(dense)
        for row, sentence in zip(rows, best, strict=True):
            lifted[row] += self.sentence_weight * max(0.0, sentence - dense[row])
        return lifted

    def _dense(self, allowed: np.ndarray | None, vectors: np.ndarray) -> dict[int, float]:
        """Row -> cosine similarity for the best candidates, in rank order."""
        limit = min(self.candidates, self.index.dense.ntotal)
        # Each index kind takes a filter in its own way (assistant.index.ann); a plain faiss call would fail or
        # quietly search HNSW and IVF-PQ with FAISS's default efSearch and nprobe.
        scores, rows = ann.search(self.index.dense, vectors, limit, allowed)
        scores, rows = scores.ravel(), rows.ravel()
        found = rows >= 0
        scores, rows = scores[found], rows[found]
        # Best first; a chunk that several phrasings found keeps its best score, where it first appears.
        order = np.argsort(-scores, kind="stable")
        _, first = np.unique(rows[order], return_index=True)
        best = order[np.sort(first)][:limit]
        return dict(zip(rows[best].tolist(), scores[best].tolist(), strict=True))

    def _lexical(self, query: str, allowed: np.ndarray | None) -> dict[int, float]:
        """Row -> BM25 score for the best candidates with a positive score, in rank order."""
        scores = self.index.lexical.scores(query)
        if allowed is not None:
            masked = np.zeros_like(scores)
            masked[allowed] = scores[allowed]
            scores = masked
        limit = min(self.candidates, len(scores))
        top = np.argpartition(-scores, limit - 1)[:limit]
        top = top[np.argsort(-scores[top], kind="stable")]
        return {int(r): float(scores[r]) for r in top if scores[r] > 0}
