"""Hybrid retrieval: dense (FAISS inner product) and BM25 results fused by their normalised scores.

Dense vectors catch paraphrases ("money for computing power" finds the AI Subsidy Scheme); BM25 catches
exact names and numbers ("CorpID", "2027") that a small embedder blurs. Each retriever's scores are scaled to
[0, 1] over its own candidates (:func:`fuse`) and added with ``dense_weight``: unlike reciprocal rank fusion,
a passage that one retriever finds far better than the rest keeps that lead, rather than counting as one rank
ahead; that matters once many documents restate one measure and a dozen passages score almost alike. A
passage that contains a measure the question names word for word gains ``name_match_weight``: the embedder
puts "Re-industrialisation Funding Scheme" and "New Industrialisation Funding Scheme" close together.

Asked in a ``language``, a passage of a document linked to its version in that language gives its place to
the same paragraph there (:mod:`assistant.index.versions`), so the reader is quoted the text in the question's
language.

>>> retriever = Retriever(index, embedder, settings)                      # doctest: +SKIP
>>> [p.chunk.bureaux for p in retriever.search("Who runs the AI Subsidy Scheme?", k=1)]   # doctest: +SKIP
[('ITIB',)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

import faiss
import numpy as np

from assistant.config import Settings
from assistant.index import ann
from assistant.index.embedding import Embedder
from assistant.index.loaded import PolicyIndex
from assistant.index.versions import ParagraphVersions
from assistant.ingest.chunking import MONTH_NAMES, Chunk
from assistant.query.details import gives_detail
from assistant.query.reading import asked_detail, asks_who_is_responsible
from assistant.text.facts import years
from assistant.text.patterns import MEASURE_WORDS, MONTHS, MULTI_WORD_NAME
from assistant.text.tokens import tokenize

Mode = Literal["hybrid", "dense", "lexical"]

#: Share of content words two passages of different documents must have in common to be versions of one
#: statement (a table row at two dates, a measure restated with a new figure).
VERSION_OVERLAP = 0.6
#: Share of the shorter passage's content words (stemmed, stop words dropped) the longer one must contain to
#: restate it. The shorter passage needs this many content words, and this share of the longer one's: a
#: five-word bullet or a paragraph that lists many measures restates nothing in particular.
RESTATEMENT_OVERLAP = 0.5
RESTATEMENT_MIN_WORDS = 8
RESTATEMENT_LENGTH_RATIO = 0.4
_WORD = re.compile(r"[^\W\d_]{2,}")
_MONTH_YEAR = re.compile(rf"\b({MONTHS})\s+((?:19|20)\d\d)\b", re.IGNORECASE)


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


@lru_cache(maxsize=65536)
def _words(text: str) -> frozenset[str]:
    """The lower-cased words of a passage's text; kept per text, as passages are compared pair by pair."""
    return frozenset(w.lower() for w in _WORD.findall(text))


@lru_cache(maxsize=65536)
def _content_terms(text: str) -> frozenset[str]:
    """A passage's stemmed content words: "establishment" and "establish" are one term, "the" none."""
    return frozenset(t for t in tokenize(text) if len(t) > 1 and t.isalpha())


def versions_of(a: Chunk, b: Chunk) -> bool:
    """Whether two passages of different documents say the same thing, figures aside (Jaccard of their words)."""
    if a.doc_id == b.doc_id:
        return False
    words_a, words_b = _words(a.text), _words(b.text)
    return bool(words_a and words_b) and len(words_a & words_b) / len(words_a | words_b) >= VERSION_OVERLAP


def restates(a: Chunk, b: Chunk) -> bool:
    """Whether a prose passage restates a structured one (a measure's bullet, a table row) of another document.

    Most of the shorter passage's content words recur in the longer one: a speech paragraph that restates a
    measure's bullet, a press release that repeats a scheme's description. Words are compared stemmed and
    without stop words, so that a restatement's inflections count ("the establishment of the Institute"
    restates "Establish the Institute") and shared function words do not.
    """
    if a.doc_id == b.doc_id or (a.kind == "paragraph") == (b.kind == "paragraph"):
        return False
    words_a, words_b = _content_terms(a.text), _content_terms(b.text)
    shorter, longer = sorted((words_a, words_b), key=len)
    if len(shorter) < RESTATEMENT_MIN_WORDS or len(shorter) < RESTATEMENT_LENGTH_RATIO * len(longer):
        return False
    return len(words_a & words_b) / len(shorter) >= RESTATEMENT_OVERLAP


def prefer_specific(passages: list[Passage], detail: str | None = None, question: str = "") -> list[Passage]:
    """A measure's own bullet or table row before the prose of another document that restates it.

    The restating paragraph stays right after it, so its wording (and any detail only it gives) is at hand.
    A question that asks for a ``detail`` (an amount, a date: :func:`assistant.query.details.gives_detail`)
    is answered by the version that gives it: a speech paragraph with the measure's budget goes before the
    measure's bullet without one. The passage that leads a group takes the group's best score: it was found
    as the statement the others restate, and later steps (:func:`prefer_detail`) compare scores.
    """
    def order(passage: Passage) -> tuple[bool, bool]:
        return bool(detail) and not _gives(passage, detail, question), passage.chunk.kind == "paragraph"

    result: list[Passage] = []
    for group in _groups(passages, restates):
        if len(group) > 1:
            lead, *rest = sorted(group, key=order)
            group = [replace(lead, score=group[0].score), *rest]  # the group is in rank order: its first scored best
        result += group
    return result


def prefer_detail(passages: list[Passage], detail: str, question: str, margin: float) -> list[Passage]:
    """The best passage giving the ``detail`` asked for first, if the best one lacks it and it is within ``margin``.

    "When is the new AI research institute going to be set up?": a speech paragraph on AI talent that names the
    institute led the measure's bullet with its year; a passage that gives no date cannot answer "when".

    >>> chunk = lambda text: Chunk("c", "d", (), text, (), (text,))
    >>> talent, institute = Passage(chunk("Set up the Institute."), 0, 0.9, None, None), Passage(
    ...     chunk("Establish the Institute in 2026."), 1, 0.8, None, None)
    >>> [p.row for p in prefer_detail([talent, institute], "date", "When?", 0.2)]
    [1, 0]
    >>> [p.row for p in prefer_detail([talent, institute], "date", "When?", 0.05)]
    [0, 1]
    """
    return _lift(passages, lambda p: _gives(p, detail, question), margin)


def prefer_tagged(passages: list[Passage], margin: float) -> list[Passage]:
    """The best passage that names its bureaux first, if the best one names none and it is within ``margin``.

    For a question asking who is responsible: a measure's bureau tags ("(EEB, TLB)") are what the document says
    about who runs it, and a background paragraph on the same topic carries none. A corpus without tags is left
    as it is.

    >>> tagged = lambda text, bureaux: Chunk("c", "d", (), text, bureaux, (text,))
    >>> background, measure = Passage(tagged("Promote new energy.", ()), 0, 0.9, None, None), Passage(
    ...     tagged("Build a fuel industry chain.", ("EEB",)), 1, 0.8, None, None)
    >>> [p.row for p in prefer_tagged([background, measure], 0.2)]
    [1, 0]
    >>> [p.row for p in prefer_tagged([background, measure], 0.05)]
    [0, 1]
    """
    return _lift(passages, lambda p: bool(p.chunk.bureaux), margin)


def _lift(passages: list[Passage], fits: Callable[[Passage], bool], margin: float) -> list[Passage]:
    """The best passage that ``fits`` first, if the best one does not and it is within ``margin`` of its score."""
    if not passages or fits(passages[0]):
        return passages
    lead = next((p for p in passages[1:] if p.score >= passages[0].score - margin and fits(p)), None)
    return passages if lead is None else [lead] + [p for p in passages if p is not lead]


def _gives(passage: Passage, detail: str, question: str) -> bool:
    """Whether a sentence of ``passage`` gives the ``detail`` ``question`` asks for."""
    return any(gives_detail(detail, sentence, question) for sentence in passage.chunk.sentences)


def _groups(passages: list[Passage], related: Callable[[Chunk, Chunk], bool]) -> Iterator[list[Passage]]:
    """Each passage not yet placed, with the passages not yet placed that are ``related`` to it, in rank order."""
    placed: set[int] = set()
    for passage in passages:
        if passage.row in placed:
            continue
        group = [passage, *(p for p in passages if p.row not in placed and p.row != passage.row
                            and related(passage.chunk, p.chunk))]
        placed.update(p.row for p in group)
        yield group


def asked_periods(question: str) -> frozenset[str]:
    """The years a question names, and the months it names with a year ("November 2016" is ``2016-11``).

    >>> sorted(asked_periods("In the November 2016 statistics, and by 2018?"))
    ['2016', '2016-11', '2018']
    """
    months = {f"{year}-{MONTH_NAMES.index(month.capitalize()) + 1:02d}"
              for month, year in _MONTH_YEAR.findall(question)}
    return frozenset(years(question)) | months


def _dating(asked: frozenset[str], group: list[Passage]) -> frozenset[str]:
    """The periods a question names that pick a version: not the years the passages say themselves ("since 2016")."""
    stated = {year for p in group for year in years(p.chunk.text)}
    return frozenset(period for period in asked if period[:4] not in stated)


def _named(date: str, dating: frozenset[str]) -> bool:
    """Whether a document ``date`` is of a period the question names: its month where one is named, else its year."""
    months = {period for period in dating if period[:4] == date[:4] and len(period) > 4}
    return date[:7] in months if months else date[:4] in dating


def prefer_newer(passages: list[Passage], asked: frozenset[str] = frozenset()) -> list[Passage]:
    """Newer policy wins: versions of one statement from dated documents, newest first, where the first stood.

    A passage's versions among the later results (:func:`versions_of`) move up next to it, and when every
    one of them is dated the group is ordered newest first; undated documents are never reordered. A question
    that names a year or a month (``asked``: "by the end of 2016", "in November 2016", :func:`asked_periods`)
    asks for the version of then: the versions dated then lead, the newest of them first.
    """
    result: list[Passage] = []
    for group in _groups(passages, versions_of):
        if len(group) > 1 and all(p.chunk.document_date for p in group):
            dating = _dating(asked, group)
            group.sort(key=lambda p: (_named(p.chunk.document_date, dating), p.chunk.document_date), reverse=True)
        result += group
    return result


def superseded(passages: list[Passage], asked: frozenset[str] = frozenset()) -> set[int]:
    """Rows of passages that a newer dated version among ``passages`` replaces: the answer does not quote them.

    A version of a period the question names (``asked``, :func:`asked_periods`) is what it asks for, never
    superseded.
    """
    return {old.row for old in passages for new in passages
            if old.chunk.document_date and new.chunk.document_date
            and not _named(old.chunk.document_date, _dating(asked, [old, new]))
            and new.chunk.document_date > old.chunk.document_date and versions_of(old.chunk, new.chunk)}


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
        dense = {} if mode == "lexical" else self._dense(query, allowed, query_vectors)
        lexical = {} if mode == "dense" else self._lexical(query, allowed)
        fused = fuse(dense, lexical, self.dense_weight)
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

    def _dense(self, query: str, allowed: np.ndarray | None, vectors: np.ndarray | None) -> dict[int, float]:
        """Row -> cosine similarity for the best candidates, in rank order."""
        if vectors is None:
            vectors = self.embedder.encode_query(query)[None, :]
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
