"""Who writes the answer from the draft: the draft itself, or a backend whose every sentence is verified.

Two strategies of one :class:`~assistant.answer.context.Writer` protocol, chosen once per request by
:meth:`Writers.choose` from the backend's ``generative`` flag, so no step of the flow asks which it has:

* :class:`DraftWriter`: a backend that returns the extractive draft (the ``extractive`` backend). Its
  answers depend on the question only, so they may be cached; a follow-up is condensed by the rule.
* :class:`VerifiedWriter`: a backend that writes its own text (an LLM). It is sent every evidence passage,
  numbered; a follow-up is condensed by the model; its sentences are checked against their sources as they
  stream (:mod:`assistant.answer.generation`) behind a circuit breaker, and a failure yields the draft,
  flagged degraded.

:class:`Backends` holds the backend instances and their breakers; they do not depend on the index, so a
reindex hands them to the new composition root.

>>> writer, unavailable = writers.choose("extractive")                  # doctest: +SKIP
>>> writer.cacheable, unavailable                                       # doctest: +SKIP
(True, None)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator, Sequence

from assistant.answer.backend import Backend, BackendError, CancelToken, GenerationRequest
from assistant.answer.breaker import CircuitBreaker
from assistant.answer.context import Draft, Plan, Writer
from assistant.answer.draft import ExtractiveComposer
from assistant.answer.events import AnswerEvent, DeltaEvent
from assistant.answer.generation import GenerationOutcome, VerifiedGeneration
from assistant.answer.prompts import PromptBuilder
from assistant.answer.refusals import refusal
from assistant.query.followups import looks_like_follow_up
from assistant.query.reading import Reading
from assistant.text.markers import parse_markers
from assistant.text.tokens import tokenize
from assistant.types import Answer, Citation, Turn

#: The backend that stands in when the chosen one cannot start or fails: it needs nothing but the index.
FALLBACK = "extractive"
# A condensed follow-up longer than this is the model rambling, not a question.
_MAX_CONDENSED_CHARS = 300


class Backends:
    """Backend instances by name, each created on first use, and one circuit breaker per backend.

    ``create`` builds a backend from its name (the registry, :func:`assistant.backends.create_backend`, with
    the settings) and raises for a name the settings do not configure.
    """

    def __init__(self, create: Callable[[str], Backend], default: str, breaker_failures: int = 5,
                 breaker_reset_seconds: float = 30.0) -> None:
        self._create = create
        self.default = default
        self._breaker_args = (breaker_failures, breaker_reset_seconds)
        self._backends: dict[str, Backend] = {}
        self._breakers: dict[str, CircuitBreaker] = {}
        self._lock = threading.Lock()

    def get(self, name: str | None = None) -> Backend:
        """The backend ``name`` (default: the settings'); raises as ``create`` does when there is none."""
        name = name or self.default
        with self._lock:
            if name not in self._backends:
                self._backends[name] = self._create(name)
            return self._backends[name]

    def breaker(self, name: str) -> CircuitBreaker:
        """The circuit breaker of backend ``name``."""
        with self._lock:
            return self._breakers.setdefault(name, CircuitBreaker(*self._breaker_args))


class DraftWriter:
    """The answer is the draft, streamed by a backend that returns it (the ``extractive`` backend)."""

    cacheable = True

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.name = backend.name

    def condense(self, reading: Reading, history: Sequence[Turn], cancel: CancelToken) -> str:
        """The follow-up rule's standalone question."""
        return reading.standalone

    def draft(self, composer: ExtractiveComposer, plan: Plan) -> Draft:
        """The draft, its passages numbered in the order it cites them; those are the sources."""
        text, citations = composer.compose(plan.evidence, language=plan.language)
        return Draft(text, citations, citations)

    def write(self, query: str, plan: Plan, draft: Draft, cancel: CancelToken) -> Generator[AnswerEvent, None, Answer]:
        """The draft, a piece at a time as the backend yields it."""
        for piece in self.backend.generate(GenerationRequest(messages=[], draft=draft.text)):
            yield DeltaEvent(piece)
        return Answer(answer=draft.text, citations=draft.citations, grounded=1.0)


class VerifiedWriter:
    """A generative backend writes from every evidence passage; only its supported sentences are kept."""

    cacheable = False

    def __init__(self, backend: Backend, breaker: CircuitBreaker, prompts: PromptBuilder,
                 generation: VerifiedGeneration) -> None:
        self.backend = backend
        self.name = backend.name
        self.breaker = breaker
        self.prompts = prompts
        self.generation = generation

    def condense(self, reading: Reading, history: Sequence[Turn], cancel: CancelToken) -> str:
        """A standalone query by the model through ``condense.j2``; the rule's when the model's is not sensible."""
        rule = reading.standalone
        if rule == reading.text:
            return rule
        try:
            reply = self.backend.complete(self.prompts.condense_request(reading.text, history, cancel))
            condensed = reply.strip().splitlines()[0].strip(" \"'")
        except (BackendError, IndexError):
            return rule
        context = set(tokenize(" ".join(t.content for t in history) + " " + reading.text))
        # A reply that cites sources ("... supports businesses [1] ...") is an answer, not a question.
        sensible = (0 < len(condensed) <= _MAX_CONDENSED_CHARS and set(tokenize(condensed)) & context
                    and not parse_markers(condensed))
        return condensed if sensible and not looks_like_follow_up(condensed) else rule

    def draft(self, composer: ExtractiveComposer, plan: Plan) -> Draft:
        """Every evidence passage numbered in rank order, and the draft numbered to match (the fallback)."""
        numbers = {p.chunk.id: n for n, p in enumerate(plan.sources, 1)}
        text, citations = composer.compose(plan.evidence, numbers, plan.language)
        return Draft(text, citations, [composer.citation(n, p) for n, p in enumerate(plan.sources, 1)])

    def write(self, query: str, plan: Plan, draft: Draft, cancel: CancelToken) -> Generator[AnswerEvent, None, Answer]:
        """Stream the backend's verified sentences; the answer they make, a refusal, or the draft, degraded."""
        outcome = GenerationOutcome()
        if self.breaker.allow():
            # A question in another language is answered from its own words, in that language.
            asked = query if plan.language == "en" else plan.question or query
            request = self.prompts.answer_request(asked, draft.sources, draft.text, cancel, plan.language)
            texts = {c.n: c.support_text() for c in draft.sources}
            for sentence in self.generation.run(self.backend, request, texts, outcome):
                yield DeltaEvent(sentence)
            self._record(outcome)
        else:
            outcome.error = f"it failed repeatedly; retrying in {self.breaker.retry_in():.0f} s"
        return self._answer(outcome, plan, draft)

    def _record(self, outcome: GenerationOutcome) -> None:
        """Tell the breaker how the backend did; busy or stopped says nothing about its health."""
        if outcome.error is None:
            self.breaker.record_success()
        elif outcome.busy:
            self.breaker.release()
        else:
            self.breaker.record_failure()

    def _answer(self, outcome: GenerationOutcome, plan: Plan, draft: Draft) -> Answer:
        """The answer the outcome makes: the supported sentences, a refusal, or the draft flagged degraded."""
        if outcome.supported:
            cited = [c for c in draft.sources if c.n in outcome.cited]
            reason = self.prompts.error("degraded", self.name, outcome.error) if outcome.error else None
            return Answer(answer=outcome.text, citations=cited, grounded=outcome.grounded,
                          degraded=outcome.error is not None, reason=reason)
        if outcome.error is None and outcome.declined:
            return refusal(self.prompts, "not_in_document", plan.sources, language=plan.language)
        if outcome.error is None and not outcome.garbage:
            return Answer(answer=self.prompts.error("unsupported", self.name, language=plan.language), refused=True,
                          reason="unsupported",
                          grounded=0.0, topics=_source_topics(draft.sources))
        problem = outcome.error or "its answer cited none of the sources"
        return Answer(answer=draft.text, citations=draft.citations, grounded=1.0, degraded=True,
                      reason=self.prompts.error("degraded", self.name, problem))


def _source_topics(sources: Sequence[Citation]) -> list[str]:
    """The last heading of each source, for an answer none of whose sentences could be checked."""
    return [s.section.split(" > ")[-1] for s in sources][:3]


class Writers:
    """The writer for each backend a request may choose, over one index's verifier."""

    def __init__(self, backends: Backends, prompts: PromptBuilder, generation: VerifiedGeneration) -> None:
        self.backends = backends
        self.prompts = prompts
        self.generation = generation

    def choose(self, name: str | None) -> tuple[Writer, str | None]:
        """The writer for backend ``name`` (default: the settings'), and why it stands in, if it does.

        When that backend cannot start, the fallback's writer comes back with the reason; otherwise the
        reason is ``None``. An unknown or unconfigured name raises.
        """
        requested = name or self.backends.default
        try:
            return self.writer(self.backends.get(requested)), None
        except BackendError as exc:
            return self.writer(self.backends.get(FALLBACK)), self.prompts.error("degraded", requested, str(exc))

    def writer(self, backend: Backend) -> Writer:
        """The strategy for ``backend``: verified when it writes its own text, else the draft."""
        if backend.generative:
            return VerifiedWriter(backend, self.backends.breaker(backend.name), self.prompts, self.generation)
        return DraftWriter(backend)
