"""The composition root: everything derived from one loaded index, built in one place and warmed once.

:class:`Assistant` is built from (settings, index, embedder) and owns what depends on them: the retriever,
the query encoder, the extractive composer, the prompts, the answer cache, the verifier, the writers (with
the backends and their circuit breakers), the scheme finder and the figures the document states; it wires
them into the answer flow (:mod:`assistant.answer.pipeline`) with the features' routes. The HTTP API, the
CLI and the evaluation harness hold one and call :meth:`Assistant.ask` (or :meth:`Assistant.ask_stream`
for events as they happen) and :meth:`Assistant.search`. A reindex builds a new one over the new index,
warms it and swaps it in; the old one, and its index, are then freed.

>>> assistant = Assistant.from_settings(get_settings())                      # doctest: +SKIP
>>> assistant.ask("Which bureau runs the AI Subsidy Scheme?").citations[0].bureaux[0].code   # doctest: +SKIP
'ITIB'

Whatever the backend, the answer stays grounded: the extractive draft is made first (it costs well under
a millisecond), a generative backend's sentences are checked against their cited sources, and a backend
that fails yields the draft, flagged ``degraded``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from functools import partial
from typing import Generic, TypeVar

import numpy as np

from assistant.answer.backend import Backend, CancelToken
from assistant.answer.cache import answer_cache
from assistant.answer.context import AnswerContext, Plan
from assistant.answer.draft import ExtractiveComposer
from assistant.answer.events import AnswerEvent, DoneEvent, LongWork, VectorsWanted
from assistant.answer.generation import VerifiedGeneration
from assistant.answer.inline import Offload, answer_inline, events_inline
from assistant.answer.next_steps import NextSteps
from assistant.answer.pipeline import Pipeline
from assistant.answer.prompts import PromptBuilder, PromptLibrary
from assistant.answer.steps import (
    AsOf,
    Cache,
    Condense,
    DraftStep,
    Finish,
    PlanStep,
    PremiseNote,
    Read,
    Retrieve,
    Route,
    Screen,
    Translate,
    Write,
)
from assistant.answer.verification import CitationVerifier
from assistant.answer.verification.chinese import ChineseClaims
from assistant.answer.verification.claims import Vocabulary
from assistant.answer.writers import Backends, Writers
from assistant.backends.registry import create_backend
from assistant.config import Settings
from assistant.index.build import IndexBuilder
from assistant.index.embedding import Embedder
from assistant.index.loaded import BUREAUX_FILE, PolicyIndex
from assistant.query.bilingual import BilingualGlossary
from assistant.query.crosslang import CrossLanguage
from assistant.query.encoding import QueryEncoder
from assistant.query.premises import StatedFigures
from assistant.query.reading import read_question
from assistant.retrieval import Filters, Passage, Retriever
from assistant.schemes.catalogue import check_catalogue
from assistant.schemes.finder import SchemeFinder
from assistant.schemes.route import SchemeRoute
from assistant.text.chinese import has_han
from assistant.types import Answer, Turn

T = TypeVar("T")
#: The question the warm-up answers: it loads the embedder and touches every step of an extractive answer.
WARM_UP_QUESTION = "warm-up query about the policy document"


class Once(Generic[T]):
    """A value made on first use, once, however many threads ask for it at the same time."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make: Callable[[], T] | None = make
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        """The value, made now if it has not been."""
        with self._lock:
            if self._make is not None:
                self._value, self._make = self._make(), None
            return self._value  # type: ignore[return-value]


def backends_for(settings: Settings) -> Backends:
    """The backends these settings enable, made on first use, with their circuit breakers."""
    return Backends(partial(create_backend, settings=settings), settings.backend, settings.breaker_failures,
                    settings.breaker_reset_seconds)


def index_builder(settings: Settings, embedder: Embedder | None = None) -> IndexBuilder:
    """The index builder with every feature's check of a build before it is published (the scheme catalogue)."""
    return IndexBuilder(settings, embedder, checks=[check_catalogue])


class Assistant:
    """The question-answering service over one loaded index.

    ``backends`` carries the backend instances and breakers over from an earlier root (a reindex); by
    default they are made from the settings.
    """

    def __init__(self, settings: Settings, index: PolicyIndex, embedder: Embedder,
                 backends: Backends | None = None) -> None:
        self.settings = settings
        self.index = index
        self.embedder = embedder
        titles = list(index.manifest.get("documents", {}).values())
        # Past a couple of documents a list of titles says less than a count of them.
        self.title = " / ".join(titles) if len(titles) <= 2 else f"the {len(titles)} published documents"
        self.title = self.title or "the policy document"
        self.glossary = BilingualGlossary.load(settings.corpus_dir)
        self.prompts = PromptBuilder(PromptLibrary(settings.prompts_dir), self.title, settings.max_answer_tokens,
                                     settings.temperature, self.glossary, len(titles))
        self.queries = QueryEncoder(embedder, settings.embed_max_batch, settings.query_cache_size)
        self.answers = answer_cache(settings, index.version)
        self.retriever = Retriever(index, embedder, settings)
        self.composer = ExtractiveComposer(index, settings, self.prompts)
        # Common names, generic words, acronyms and contacts of the passages themselves (not of their bureau
        # tags, which are claims worth checking).
        passages = [" ".join(c.sentences) for c in index.chunks]
        self.translator = CrossLanguage(self.glossary)
        chinese = ChineseClaims(self.translator, Vocabulary.of(passages))
        self.verifier = verifier = CitationVerifier.for_passages(passages, chinese=chinese)
        self.backends = backends or backends_for(settings)
        self.writers = Writers(self.backends, self.prompts, VerifiedGeneration(verifier))
        self._finder = Once(partial(SchemeFinder.load, index, embedder, settings.corpus_dir, self.prompts.library,
                                    self.translator.english))
        self._stated = Once(partial(_stated_figures, index))
        chinese_documents = any(has_han(c.text) for c in index.chunks)
        self.retrieval = Retrieve(self.queries, self.retriever, settings.top_k)
        self.planner = PlanStep(self.composer, self.prompts, settings.min_relevance, settings.evidence_margin)
        self.pipeline = Pipeline([
            Screen(self.prompts, settings.personal_data), Cache(self.answers), Read(), Condense(),
            Translate(self.translator, chinese_documents), Route([SchemeRoute(self._finder.get, self.prompts)]),
            self.retrieval, self.planner,
            DraftStep(self.composer), PremiseNote(self._stated.get, self.prompts), AsOf(), Write(),
        ], Finish(self.answers, NextSteps.load(settings.corpus_dir / BUREAUX_FILE)))

    @classmethod
    def from_settings(cls, settings: Settings) -> Assistant:
        """Load the index named by ``settings`` (never rebuilding it) and the embedder."""
        return cls(settings, PolicyIndex.load(settings), Embedder.from_settings(settings))

    @property
    def finder(self) -> SchemeFinder:
        """The scheme finder of this index; built and checked on first use."""
        return self._finder.get()

    @property
    def stated_figures(self) -> StatedFigures:
        """Every amount and year the document states; scanned on first use."""
        return self._stated.get()

    def warm(self) -> None:
        """Do now what the first requests would otherwise wait for.

        Load the embedder (one extractive answer: warming up must not call an LLM), embed the scheme
        measures, scan the document's figures; the cross-language dictionary loads in the background.
        """
        self.ask(WARM_UP_QUESTION, backend="extractive")
        # The dictionary and the segmenter take a few seconds: loaded beside serving, not before it (a Chinese
        # question that comes first waits for them).
        threading.Thread(target=self.translator.warm, name="cross-language-warm-up", daemon=True).start()
        self.finder.warm()
        _ = self.stated_figures

    def backend(self, name: str | None = None) -> Backend:
        """The backend ``name`` (default: the settings'); raises when these settings do not configure it."""
        return self.backends.get(name)

    def search(self, query: str, k: int | None = None, filters: Filters = Filters(),
               language: str | None = None) -> list[Passage]:
        """The best passages for ``query``, found exactly as :meth:`ask` finds them for a question in ``language``."""
        return self.retrieve(query, k, filters, language)[1]

    def retrieve(self, query: str, k: int | None = None, filters: Filters = Filters(),
                 language: str | None = None) -> tuple[np.ndarray, list[Passage]]:
        """The query's vectors (one per phrasing) and its best passages (in ``language``'s version, if given)."""
        return self.retrieval.search(query, k, filters, language)

    def plan(self, question: str, vectors: np.ndarray, passages: list[Passage],
             min_relevance: float | None = None) -> Plan | Answer:
        """The evidence the passages give for ``question``, or the refusal (as the plan step decides)."""
        return self.planner.decide(read_question(question), question, vectors, passages, min_relevance)

    def ask(self, question: str, history: Sequence[Turn] = (), backend: str | None = None,
            cancel: CancelToken | None = None, filters: Filters = Filters()) -> Answer:
        """Answer ``question`` from the document, or refuse and say what the document covers instead."""
        for event in self.ask_stream(question, history, backend, cancel, filters):
            if isinstance(event, DoneEvent):
                return event.answer
        raise RuntimeError("the answer stream ended without an answer")  # pragma: no cover - a bug

    def ask_stream(self, question: str, history: Sequence[Turn] = (), backend: str | None = None,
                   cancel: CancelToken | None = None, filters: Filters = Filters()) -> Iterator[AnswerEvent]:
        """Events as the answer is made: sources, text deltas, then the final answer.

        With ``history`` (earlier turns, oldest first) a follow-up is first rewritten to stand alone.
        Once ``cancel`` is cancelled (the client left, the request timed out) model work stops and the
        answer ends as a degraded one. ``filters`` restrict the passages it may use (a document, say).
        """
        for event in self.pipeline.run(self._context(question, history, backend, cancel, filters)):
            if not isinstance(event, VectorsWanted | LongWork):  # for a caller on an event loop only
                yield event

    async def ask_async(self, question: str, history: Sequence[Turn] = (), backend: str | None = None,
                        cancel: CancelToken | None = None, filters: Filters = Filters(),
                        offload: Offload = asyncio.to_thread) -> Answer:
        """:meth:`ask` for a caller on an event loop: an extractive answer runs on the loop, without a thread.

        A generative writer's answer (a model's condensing and writing block) runs whole in ``offload``'s
        thread, as does whatever follows a step's :class:`LongWork`.
        """
        context = self._context(question, history, backend, cancel, filters)
        if not context.writer.cacheable:
            return await offload(self.ask, question, history, backend, cancel, filters)
        return await answer_inline(self.pipeline.run(context), self.queries, offload)

    def ask_events(self, question: str, history: Sequence[Turn] = (), backend: str | None = None,
                   cancel: CancelToken | None = None, filters: Filters = Filters(),
                   offload: Offload = asyncio.to_thread) -> AsyncIterator[AnswerEvent]:
        """:meth:`ask_stream` for a caller on an event loop: an extractive answer's steps run on the loop.

        A generative writer's steps run in ``offload``'s threads, one event at a time, as its text streams.
        """
        context = self._context(question, history, backend, cancel, filters)
        return events_inline(self.pipeline.run(context), self.queries, offload, in_thread=not context.writer.cacheable)

    def _context(self, question: str, history: Sequence[Turn], backend: str | None, cancel: CancelToken | None,
                 filters: Filters) -> AnswerContext:
        """One answer's context, with the writer ``backend`` names (the draft's, where that one cannot start)."""
        writer, unavailable = self.writers.choose(backend)
        return AnswerContext(question, list(history), writer, unavailable, cancel or CancelToken(), filters)


def _stated_figures(index: PolicyIndex) -> StatedFigures:
    return StatedFigures.of(chunk.text for chunk in index.chunks)
