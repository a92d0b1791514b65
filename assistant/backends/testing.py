"""For tests of backends and of the answer flow: the backend contract suite, and a scripted backend.

A backend's author inherits the contract and fills in the fixtures; every built-in backend runs it
(``tests/backends/test_contract.py``)::

    class TestMyBackend(AnsweringContract):
        @pytest.fixture
        def backend(self, settings):
            return MyBackend(settings)

        @pytest.fixture
        def assistant(self, settings, index, embedder, backend):
            return Assistant(settings, index, embedder, backends_with(backend, settings))

:class:`BackendContract` needs only the ``backend`` fixture: what any backend must do on its own.
:class:`AnsweringContract` adds the service's promises whatever writes the answer (cited, grounded,
refusing what the document does not answer, streaming sources, then text, then the answer) and needs an
``assistant`` whose default backend is the one under test.

:class:`ScriptedBackend` writes what a test scripts, in pieces, and records what it was sent: the steps'
and the streaming tests' backend, where the behaviour under test is the flow's, not a model's.

This module imports pytest: it is imported by tests only.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from typing import Protocol

import pytest

from assistant.answer.backend import Backend, BackendError, CancelToken, ChatMessage, GenerationRequest
from assistant.answer.events import DeltaEvent, DoneEvent, SourcesEvent
from assistant.answer.writers import Backends
from assistant.backends.registry import create_backend
from assistant.config import Settings
from assistant.index.loaded import PolicyIndex
from assistant.types import Answer

#: A question the policy document answers, and one it does not.
ANSWERABLE = "How much money is in the AI Subsidy Scheme?"
OFF_TOPIC = "What is the best recipe for egg tarts?"
_MARKER = re.compile(r"\[(\d+)\]")


class Answers(Protocol):
    """What the answering contract needs of the service: :class:`assistant.service.Assistant` is one."""

    index: PolicyIndex

    def ask(self, question: str) -> Answer:
        """The answer to ``question``."""
        ...

    def ask_stream(self, question: str) -> Iterator[SourcesEvent | DeltaEvent | DoneEvent]:
        """The events of the answer to ``question``."""
        ...


class ScriptedBackend(Backend):
    """Replies with the scripted texts in order, a few words per piece.

    The last text is repeated when the script runs out; a scripted exception is raised instead. Every request
    is kept in :attr:`requests`.

    >>> backend = ScriptedBackend(["The scheme has $3 billion [1].", BackendError("down")])
    >>> list(backend.generate(GenerationRequest(messages=[])))
    ['The scheme ', 'has $3 ', 'billion [1].']
    >>> backend.complete(GenerationRequest(messages=[]))
    Traceback (most recent call last):
    ...
    assistant.answer.backend.BackendError: down
    """

    name = "scripted"

    def __init__(self, script: Sequence[str | BaseException] = ("",), words_per_piece: int = 2,
                 generative: bool = True) -> None:
        super().__init__(None)
        self.script = list(script)
        self.words_per_piece = words_per_piece
        self.generative = generative  # per instance: a test chooses the writer strategy it exercises
        self.requests: list[GenerationRequest] = []
        self._lock = threading.Lock()

    def generate(self, request: GenerationRequest) -> Iterator[str]:
        """The next scripted reply, a few words at a time (the draft itself when not generative)."""
        with self._lock:
            self.requests.append(request)
            reply = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(reply, BaseException):
            raise reply
        text = reply if self.generative else request.draft
        words = re.findall(r"\S+\s*", text)
        for start in range(0, len(words), self.words_per_piece):
            yield "".join(words[start:start + self.words_per_piece])


def backends_with(backend: Backend, settings: Settings) -> Backends:
    """The backends of ``settings`` with ``backend`` added under its own name, as the default."""
    def create(name: str) -> Backend:
        return backend if name == backend.name else create_backend(name, settings)

    return Backends(create, backend.name, settings.breaker_failures, settings.breaker_reset_seconds)


def contract_request(cancel: CancelToken | None = None) -> GenerationRequest:
    """A small request as the answer flow sends one: rules, one numbered source, the question, the draft."""
    sources = "Sources:\n[1] Continue the $3 billion AI Subsidy Scheme. Responsible: ITIB.\nQuestion: " + ANSWERABLE
    return GenerationRequest(messages=[ChatMessage(role="system", content="Answer from the sources; cite [1]."),
                                       ChatMessage(role="user", content=sources)],
                             draft="The scheme has $3 billion [1].", max_tokens=32, cancel=cancel or CancelToken())


class BackendContract:
    """What every backend does on its own. Subclasses provide the ``backend`` fixture."""

    @pytest.fixture
    def backend(self) -> Backend:
        """The backend under test."""
        raise NotImplementedError("a backend's test class provides the backend fixture")

    def test_it_has_a_name(self, backend: Backend) -> None:
        """A backend is chosen by its name."""
        assert isinstance(backend.name, str) and backend.name.strip()

    def test_generate_yields_text(self, backend: Backend) -> None:
        """The answer comes as pieces of text, and together they say something."""
        pieces = list(backend.generate(contract_request()))
        assert pieces and all(isinstance(p, str) for p in pieces)
        assert "".join(pieces).strip()

    def test_complete_is_the_whole_text(self, backend: Backend) -> None:
        """Short tasks (condensing a follow-up) take the text at once."""
        assert isinstance(backend.complete(contract_request()), str)

    def test_a_cancelled_request_fails_only_with_a_backend_error(self, backend: Backend) -> None:
        """Nobody wants the answer: the backend may stop early, but says so only with a BackendError."""
        cancel = CancelToken()
        cancel.cancel()
        try:
            pieces = list(backend.generate(contract_request(cancel)))
        except BackendError:
            return
        assert all(isinstance(p, str) for p in pieces)


class AnsweringContract(BackendContract):
    """The service's promises, whatever backend writes the answer.

    Subclasses also provide ``assistant``, an :class:`~assistant.service.Assistant` whose default backend is
    the one under test.
    """

    @pytest.fixture
    def assistant(self) -> Answers:
        """An assistant whose default backend is the backend under test."""
        raise NotImplementedError("a backend's test class provides the assistant fixture")

    def test_answers_are_cited_and_grounded(self, assistant: Answers, backend: Backend) -> None:
        """Every marker points at a citation, every citation is a passage of the index."""
        answer = assistant.ask(ANSWERABLE)
        assert answer.backend in (backend.name, "extractive")
        assert 0.0 <= answer.grounded <= 1.0
        if answer.refused:
            assert answer.reason and not answer.citations
            return
        numbers = {c.n for c in answer.citations}
        assert numbers and {int(n) for n in _MARKER.findall(answer.answer)} <= numbers
        passages = {c.text for c in assistant.index.chunks}
        assert all(c.text in passages for c in answer.citations)
        if not answer.degraded:
            assert answer.backend == backend.name and answer.grounded > 0

    def test_off_topic_questions_are_refused(self, assistant: Answers) -> None:
        """A question the document does not answer is refused, with no citations."""
        answer = assistant.ask(OFF_TOPIC)
        assert answer.refused and answer.citations == []

    def test_stream_sends_sources_then_text_then_the_answer(self, assistant: Answers) -> None:
        """Sources first, deltas next, the answer last; the streamed text is the answer's."""
        events = list(assistant.ask_stream("When will the CorpID Platform launch?"))
        assert isinstance(events[0], SourcesEvent) and events[0].citations
        assert isinstance(events[-1], DoneEvent)
        assert all(isinstance(e, DeltaEvent) for e in events[1:-1])
        answer = events[-1].answer
        streamed = "".join(e.text for e in events[1:-1]).strip()
        if not answer.degraded and not answer.refused:
            assert streamed == answer.answer.strip()
        assert {c.n for c in answer.citations} <= {c.n for c in events[0].citations} or answer.degraded
