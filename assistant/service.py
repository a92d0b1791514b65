"""Question in, cited answer out: condense, retrieve, decide whether the document answers, write, verify.

This is the one place that runs the whole flow; the HTTP API, the CLI and the evaluation harness all call
:meth:`Assistant.ask` (or :meth:`Assistant.ask_stream` for events as they happen) and :meth:`Assistant.search`.

>>> assistant = Assistant.from_settings(get_settings())                      # doctest: +SKIP
>>> assistant.ask("Which bureau runs the AI Subsidy Scheme?").citations[0].bureaux[0].code   # doctest: +SKIP
'ITIB'

Whatever the backend, the answer stays grounded: the extractive draft is made first (it costs well under
a millisecond), a generative backend's sentences are checked against their cited sources, and a backend
that fails yields the draft, flagged ``degraded``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from assistant.answer.backend import CancelToken
from assistant.answer.breaker import CircuitBreaker
from assistant.answer.cache import AnswerCache
from assistant.answer.draft import Evidence, ExtractiveComposer, citation_for
from assistant.answer.generation import GenerationOutcome, VerifiedGeneration
from assistant.answer.prompts import PromptLibrary
from assistant.answer.verification import CitationVerifier
from assistant.backends import Backend, BackendError, ChatMessage, GenerationRequest, get_backend
from assistant.config import Settings
from assistant.index.embedding import Embedder
from assistant.index.loaded import PolicyIndex
from assistant.query.details import DETAIL_NAMES, asked_detail, asks_for_opinion
from assistant.query.encoding import QueryEncoder, query_phrasings
from assistant.query.followups import looks_like_follow_up, standalone_question
from assistant.query.privacy import describe, find_personal_data, redact
from assistant.retrieval import Filters, Passage, Retriever
from assistant.schemes.finder import get_finder
from assistant.schemes.route import answer_support_question, is_support_question
from assistant.text.sanitize import clean_text
from assistant.text.tokens import tokenize
from assistant.types import Answer, Citation, Turn

# A condensed follow-up longer than this is the model rambling, not a question.
_MAX_CONDENSED_CHARS = 300


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

    def total(self) -> dict[str, float]:
        return {**self.timings, "total": round(sum(self.timings.values()), 3)}


@dataclass(frozen=True)
class SourcesEvent:
    """The passages the answer may cite, numbered; sent before any text."""

    citations: list[Citation]


@dataclass(frozen=True)
class DeltaEvent:
    """A piece of answer text (a verified sentence for generative backends)."""

    text: str


@dataclass(frozen=True)
class DoneEvent:
    """The final answer object; clients replace any streamed text with ``answer.answer``."""

    answer: Answer


AnswerEvent = SourcesEvent | DeltaEvent | DoneEvent


@dataclass(frozen=True)
class _Plan:
    """What the answer is written from: the draft's evidence and the numbered sources."""

    evidence: list[Evidence]
    sources: list[Passage]


class Assistant:
    """The question-answering service over one loaded index."""

    def __init__(self, settings: Settings, index: PolicyIndex, embedder: Embedder) -> None:
        self.settings = settings
        self.index = index
        self.embedder = embedder
        self.queries = QueryEncoder(embedder, settings.embed_max_batch, settings.query_cache_size)
        self.answers = AnswerCache(settings.answer_cache_size)
        self.retriever = Retriever(index, embedder, settings)
        self.composer = ExtractiveComposer(index, settings)
        self.prompts = PromptLibrary(settings.prompts_dir)
        # Common names, generic words, acronyms and contacts of the passages themselves (not of their bureau
        # tags, which are claims worth checking).
        verifier = CitationVerifier.for_passages(" ".join(c.sentences) for c in index.chunks)
        self.generation = VerifiedGeneration(verifier)
        self.title = " / ".join(index.manifest.get("documents", {}).values()) or "the policy document"
        self._backends: dict[str, Backend] = {}
        self._breakers: dict[str, CircuitBreaker] = {}
        self._breakers_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> Assistant:
        """Load the index named by ``settings`` (never rebuilding it) and the embedder."""
        index = PolicyIndex.load(settings)
        embedder = Embedder.from_settings(settings)
        return cls(settings, index, embedder)

    def backend(self, name: str | None = None) -> Backend:
        """The backend ``name`` (default: the settings'); :class:`UnknownBackend` if there is none."""
        name = name or self.settings.backend
        if name not in self._backends:  # kept here: the registry's key serialises the settings every call
            self._backends[name] = get_backend(name, self.settings)
        return self._backends[name]

    def search(self, query: str, k: int | None = None, filters: Filters = Filters()) -> list[Passage]:
        """The best passages for ``query``, found exactly as :meth:`ask` finds them."""
        return self.retrieve(query, k, filters)[1]

    def retrieve(self, query: str, k: int | None = None,
                 filters: Filters = Filters()) -> tuple[np.ndarray, list[Passage]]:
        """The query's vectors (one per phrasing) and its best passages."""
        vectors = self.queries.encode(query_phrasings(query))
        return vectors, self.retriever.search(query, k or self.settings.top_k, filters, query_vectors=vectors)

    def ask(self, question: str, history: Sequence[Turn] = (), backend: str | None = None,
            cancel: CancelToken | None = None) -> Answer:
        """Answer ``question`` from the document, or refuse and say what the document covers instead."""
        for event in self.ask_stream(question, history, backend, cancel):
            if isinstance(event, DoneEvent):
                return event.answer
        raise RuntimeError("the answer stream ended without an answer")  # pragma: no cover - a bug

    def ask_stream(self, question: str, history: Sequence[Turn] = (), backend: str | None = None,
                   cancel: CancelToken | None = None) -> Iterator[AnswerEvent]:
        """Events as the answer is made: sources, text deltas, then the final answer.

        With ``history`` (earlier turns, oldest first) a follow-up is first rewritten to stand alone.
        Once ``cancel`` is cancelled (the client left, the request timed out) model work stops and the
        answer ends as a degraded one.
        """
        writer, unavailable = self._writer(backend)
        clock = Stopwatch()
        question, history, private = self._screen(question, history)
        if private:
            yield DoneEvent(self._finish(private, writer, question, clock, None))
            return
        # Only an answer that is a pure function of the question is cached: a non-generative backend's.
        key = (AnswerCache.key(self.index.version, writer.name, question, history)
               if not writer.generative and unavailable is None else None)
        cached = self.answers.get(key) if key else None
        if cached:
            yield from self._replay(*cached)
            return
        sources: list[Citation] = []
        for event in self._answer_events(question, history, writer, unavailable, clock, cancel or CancelToken()):
            if isinstance(event, SourcesEvent):
                sources = event.citations
            elif isinstance(event, DoneEvent) and key and not event.answer.degraded:
                self.answers.put(key, sources, event.answer)
            yield event

    def _answer_events(self, question: str, history: Sequence[Turn], writer: Backend, unavailable: str | None,
                       clock: Stopwatch, cancel: CancelToken) -> Iterator[AnswerEvent]:
        """The events of a fresh answer (not from the cache)."""
        with clock.step("condense"):
            query = self.condense(question, history, writer, cancel)
        if is_support_question(question):  # the user's own words decide; the condensed query carries context
            with clock.step("schemes"):
                answer = answer_support_question(query, get_finder(self))
            yield SourcesEvent(answer.citations)
            yield DeltaEvent(answer.answer)
            yield DoneEvent(self._finish(answer, self.backend("extractive"), query, clock, None))
            return
        with clock.step("embed"):
            vectors = self.queries.encode(query_phrasings(query))
        with clock.step("retrieve"):
            passages = self.retriever.search(query, self.settings.top_k, query_vectors=vectors)
        with clock.step("compose"):
            plan = self.plan(query, vectors, passages, asked=question)
        if isinstance(plan, Answer):
            yield DoneEvent(self._finish(plan, writer, query, clock, unavailable))
            return
        numbers = {p.chunk.id: n for n, p in enumerate(plan.sources, 1)} if writer.generative else None
        draft, draft_citations = self.composer.compose(plan.evidence, numbers)
        sources = ([citation_for(n, p, self.index) for n, p in enumerate(plan.sources, 1)]
                   if writer.generative else draft_citations)
        yield SourcesEvent(sources)
        note = self.premise_note(question)
        if note:
            yield DeltaEvent(f"{note} ")
        with clock.step("generate"):
            if writer.generative:
                answer = yield from self._generate(writer, query, plan, sources, draft, draft_citations, cancel)
            else:
                for piece in writer.generate(GenerationRequest(messages=[], draft=draft)):
                    yield DeltaEvent(piece)
                answer = Answer(answer=draft, citations=draft_citations, grounded=1.0)
        if note and not answer.refused:
            answer = answer.model_copy(update={"answer": f"{note} {answer.answer}"})
        yield DoneEvent(self._finish(answer, writer, query, clock, unavailable))

    def premise_note(self, question: str) -> str:
        """A note that ``question`` gives a figure the document never states, or ``""`` (assistant.query.premises)."""
        kinds = self.index.stated_figures.unstated_in(question)
        return self.prompts.render("premise.j2", kinds=kinds) if kinds else ""

    @staticmethod
    def _replay(sources: list[Citation], answer: Answer) -> Iterator[AnswerEvent]:
        """A cached answer as the events a fresh one would send."""
        started = time.perf_counter()
        if sources:
            yield SourcesEvent(sources)
        if not answer.refused:
            yield DeltaEvent(answer.answer)
        elapsed = round((time.perf_counter() - started) * 1000, 3)
        yield DoneEvent(answer.model_copy(update={"timings": {"cache": elapsed, "total": elapsed}}))

    def _screen(self, question: str, history: Sequence[Turn]) -> tuple[str, list[Turn], Answer | None]:
        """Clean the text and deal with personal data in it, before anything else reads it.

        Returns the question and history to use, and a refusal when personal data must be removed first.
        What the user wrote (the question, user turns) is refused or redacted as the settings say; what the
        assistant said (assistant turns, which a client may also forge) is always redacted: it is not the
        user's to remove, and it must not reach a backend either.
        """
        question = clean_text(question)
        history = [t.model_copy(update={"content": clean_text(t.content)}) for t in history]
        history = [t if t.role == "user" else t.model_copy(update={"content": redact(t.content)}) for t in history]
        found = [item for text in [question, *(t.content for t in history if t.role == "user")]
                 for item in find_personal_data(text)]
        if not found:
            return question, history, None
        if self.settings.personal_data == "redact":
            # model_copy, not Turn(...): a placeholder may be longer than what it replaces.
            return redact(question), [t.model_copy(update={"content": redact(t.content)}) if t.role == "user" else t
                                      for t in history], None
        text = self.prompts.render("refusal.j2", title=self.title, reason="personal_data", detail=describe(found),
                                   topics=[])
        return "", [], Answer(answer=text, refused=True, reason="personal_data", grounded=1.0)

    def plan(self, query: str, vectors: np.ndarray, passages: list[Passage], asked: str | None = None,
             min_relevance: float | None = None) -> _Plan | Answer:
        """The evidence to answer from, or a refusal when the passages do not answer.

        ``asked`` is the text to read the kind of detail asked for from (the user's latest question when
        ``query`` carries earlier ones); ``min_relevance`` overrides the setting, so calibration can sweep
        it without retrieving again.
        """
        threshold = self.settings.min_relevance if min_relevance is None else min_relevance
        if asks_for_opinion(asked or query):
            return self.refusal("opinion", passages)
        best = max((p.dense_score for p in passages if p.dense_score is not None), default=0.0)
        if best < threshold:
            return self.refusal("not_in_document", passages)
        floor = max(threshold, best - self.settings.evidence_margin)
        evidence_passages = [p for p in passages if p.dense_score is not None and p.dense_score >= floor]
        detail = asked_detail(asked or query)
        evidence = self.composer.select(query, vectors, evidence_passages, detail)
        if not evidence:
            return self.refusal("missing_detail", evidence_passages, detail=DETAIL_NAMES.get(detail or "", ""))
        return _Plan(evidence, evidence_passages)

    def condense(self, question: str, history: Sequence[Turn], writer: Backend,
                 cancel: CancelToken | None = None) -> str:
        """A standalone query: by the model through ``condense.j2``, else by the follow-up rule."""
        rule = standalone_question(question, history)
        if rule == question or not writer.generative:
            return rule
        prompt = self.prompts.render("condense.j2", history=[t.model_dump() for t in history], question=question)
        request = GenerationRequest(messages=[ChatMessage(role="user", content=prompt)], max_tokens=80,
                                    cancel=cancel or CancelToken())
        try:
            condensed = writer.complete(request).strip().splitlines()[0].strip(" \"'")
        except (BackendError, IndexError):
            return rule
        context = set(tokenize(" ".join(t.content for t in history) + " " + question))
        sensible = 0 < len(condensed) <= _MAX_CONDENSED_CHARS and set(tokenize(condensed)) & context
        return condensed if sensible and not looks_like_follow_up(condensed) else rule

    def refusal(self, reason: str, passages: list[Passage], detail: str = "") -> Answer:
        """A refusal naming the nearest topics the document does cover."""
        topics = list(dict.fromkeys(p.chunk.section[-1] for p in passages if p.chunk.section))[:3]
        text = self.prompts.render("refusal.j2", title=self.title, reason=reason, detail=detail, topics=topics)
        return Answer(answer=text, refused=True, reason=reason, topics=topics, grounded=1.0)

    def _generate(self, writer: Backend, query: str, plan: _Plan, sources: list[Citation], draft: str,
                  draft_citations: list[Citation], cancel: CancelToken) -> Iterator[AnswerEvent]:
        """Run a generative backend; returns (through ``yield from``) the final answer."""
        request = self._request(query, sources, draft, cancel)
        texts = {c.n: c.support_text() for c in sources}
        outcome = GenerationOutcome()
        breaker = self._breaker(writer.name)
        if breaker.allow():
            for sentence in self.generation.run(writer, request, texts, outcome):
                yield DeltaEvent(sentence)
            if outcome.error is None:
                breaker.record_success()
            elif outcome.busy:  # busy or stopped says nothing about the backend's health
                breaker.release()
            else:
                breaker.record_failure()
        else:
            outcome.error = f"it failed repeatedly; retrying in {breaker.retry_in():.0f} s"
        if outcome.supported:
            cited = [c for c in sources if c.n in outcome.cited]
            degraded = outcome.error is not None
            reason = self._error_text("degraded", writer, outcome.error) if degraded else None
            return Answer(answer=outcome.text, citations=cited, grounded=outcome.grounded, degraded=degraded,
                          reason=reason)
        if outcome.error is None and outcome.declined:
            return self.refusal("not_in_document", plan.sources)
        if outcome.error is None and not outcome.garbage:
            return Answer(answer=self._error_text("unsupported", writer, None), refused=True,
                          reason="unsupported", grounded=0.0, topics=[s.section.split(" > ")[-1] for s in sources][:3])
        problem = outcome.error or "its answer cited none of the sources"
        return Answer(answer=draft, citations=draft_citations, grounded=1.0, degraded=True,
                      reason=self._error_text("degraded", writer, problem))

    def _request(self, query: str, sources: list[Citation], draft: str,
                 cancel: CancelToken | None = None) -> GenerationRequest:
        listed = [{"n": c.n, "section": c.section, "bureaux": [b.name for b in c.bureaux], "text": c.text}
                  for c in sources]
        messages = [ChatMessage(role="system", content=self.prompts.render("system.j2", title=self.title)),
                    ChatMessage(role="user", content=self.prompts.render("sources.j2", sources=listed,
                                                                         question=query))]
        return GenerationRequest(messages=messages, draft=draft, max_tokens=self.settings.max_answer_tokens,
                                 temperature=self.settings.temperature, cancel=cancel or CancelToken())

    def _error_text(self, kind: str, writer: Backend, reason: str | None) -> str:
        return self.prompts.render("errors.j2", kind=kind, backend=writer.name, reason=reason or "")

    def _breaker(self, backend: str) -> CircuitBreaker:
        with self._breakers_lock:
            return self._breakers.setdefault(backend, CircuitBreaker(self.settings.breaker_failures,
                                                                     self.settings.breaker_reset_seconds))

    def _writer(self, name: str | None) -> tuple[Backend, str | None]:
        """The chosen backend, or the extractive one and the reason when the chosen one cannot start."""
        requested = name or self.settings.backend
        try:
            return self.backend(requested), None
        except BackendError as exc:
            reason = self.prompts.render("errors.j2", kind="degraded", backend=requested, reason=str(exc))
            return self.backend("extractive"), reason

    @staticmethod
    def _finish(answer: Answer, writer: Backend, query: str, clock: Stopwatch, unavailable: str | None) -> Answer:
        update: dict = {"backend": writer.name, "query": query, "timings": clock.total()}
        if unavailable and not answer.refused:
            update |= {"degraded": True, "reason": unavailable}
        return answer.model_copy(update=update)
