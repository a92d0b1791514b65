"""Question in, cited answer out: retrieve, decide whether the document answers, compose, cite.

This is the one place that runs the whole flow; the HTTP API, the CLI and the evaluation harness all call
:meth:`Assistant.ask` and :meth:`Assistant.search`.

>>> assistant = Assistant.from_settings(get_settings())                      # doctest: +SKIP
>>> assistant.ask("Which bureau runs the AI Subsidy Scheme?").citations[0].bureaux[0].code   # doctest: +SKIP
'ITIB'
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import contextmanager

import numpy as np

from assistant.answers import Answer, Turn
from assistant.chunking import split_sentences
from assistant.config import Settings
from assistant.embedding import Embedder
from assistant.extractive import ExtractiveComposer
from assistant.followups import standalone_question
from assistant.index import PolicyIndex
from assistant.prompts import PromptLibrary
from assistant.questions import DETAIL_NAMES, asked_detail
from assistant.retrieval import Filters, Passage, Retriever


def query_phrasings(question: str) -> list[str]:
    """The question, and each of its sentences when it has several.

    Citizens write "My bike was stolen. Can I report it without forms?": the whole text embeds close to
    nothing, the second sentence close to the right measure. Each chunk keeps its best cosine over these.
    """
    sentences = split_sentences(question)
    return [question, *sentences] if len(sentences) > 1 else [question]


class Stopwatch:
    """Collects the milliseconds each named step takes."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def step(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round((time.perf_counter() - started) * 1000, 3)


class Assistant:
    """The question-answering service over one loaded index."""

    def __init__(self, settings: Settings, index: PolicyIndex, embedder: Embedder) -> None:
        self.settings = settings
        self.index = index
        self.embedder = embedder
        self.retriever = Retriever(index, embedder, settings)
        self.composer = ExtractiveComposer(index, settings)
        self.prompts = PromptLibrary(settings.prompts_dir)

    @classmethod
    def from_settings(cls, settings: Settings) -> Assistant:
        """Load the index named by ``settings`` (never rebuilding it) and the embedder."""
        index = PolicyIndex.load(settings)
        embedder = Embedder(settings.embedding_model, settings.embedding_batch_size, settings.torch_threads)
        return cls(settings, index, embedder)

    def search(self, query: str, k: int | None = None, filters: Filters = Filters()) -> list[Passage]:
        """The best passages for ``query``, found exactly as :meth:`ask` finds them."""
        return self.retrieve(query, k, filters)[1]

    def retrieve(self, query: str, k: int | None = None,
                 filters: Filters = Filters()) -> tuple[np.ndarray, list[Passage]]:
        """The query's vectors (one per phrasing) and its best passages."""
        vectors = self.embedder.encode(query_phrasings(query))
        return vectors, self.retriever.search(query, k or self.settings.top_k, filters, query_vectors=vectors)

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        """Answer ``question`` from the document, or refuse and say what the document covers instead.

        With ``history`` (earlier turns, oldest first) a follow-up is first rewritten to stand alone.
        """
        clock = Stopwatch()
        with clock.step("condense"):
            query = standalone_question(question, history)
        with clock.step("embed"):
            vectors = self.embedder.encode(query_phrasings(query))
        with clock.step("retrieve"):
            passages = self.retriever.search(query, self.settings.top_k, query_vectors=vectors)
        with clock.step("compose"):
            answer = self.answer_from(query, vectors, passages, asked=question)
        answer.timings = {**clock.timings, "total": round(sum(clock.timings.values()), 3)}
        answer.query = query
        return answer

    def answer_from(self, question: str, vectors: np.ndarray, passages: list[Passage],
                    asked: str | None = None, min_relevance: float | None = None) -> Answer:
        """Decide whether ``passages`` answer ``question`` and compose the answer or the refusal.

        ``asked`` is the text to read the kind of detail asked for from (the user's latest question
        when ``question`` carries earlier ones); ``min_relevance`` overrides the setting, so calibration
        can sweep it without retrieving again.
        """
        threshold = self.settings.min_relevance if min_relevance is None else min_relevance
        best = max((p.dense_score for p in passages if p.dense_score is not None), default=0.0)
        if best < threshold:
            return self.refusal("not_in_document", passages)
        floor = max(threshold, best - self.settings.evidence_margin)
        evidence_passages = [p for p in passages if p.dense_score is not None and p.dense_score >= floor]
        detail = asked_detail(asked or question)
        evidence = self.composer.select(question, vectors, evidence_passages, detail)
        if not evidence:
            return self.refusal("missing_detail", evidence_passages, detail=DETAIL_NAMES.get(detail or "", ""))
        text, citations = self.composer.compose(evidence)
        return Answer(answer=text, citations=citations, backend="extractive")

    def refusal(self, reason: str, passages: list[Passage], detail: str = "") -> Answer:
        """A refusal naming the nearest topics the document does cover."""
        topics = list(dict.fromkeys(p.chunk.section[-1] for p in passages if p.chunk.section))[:3]
        title = " / ".join(self.index.manifest.get("documents", {}).values()) or "the policy document"
        text = self.prompts.render("refusal.j2", title=title, reason=reason, detail=detail, topics=topics)
        return Answer(answer=text, refused=True, reason=reason, topics=topics, backend="extractive")
