"""The one object an answer run's steps read and fill in, from the question to the finished answer.

Each step (:mod:`assistant.answer.steps`) reads what earlier steps left here and adds its own part; a
step that has the answer (a refusal, a cached answer, a route's list, the written answer) ends the run
with :meth:`AnswerContext.end`, and only the finishing step runs after it.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from assistant.answer.backend import CancelToken
from assistant.answer.draft import Evidence, ExtractiveComposer
from assistant.answer.events import AnswerEvent
from assistant.query.reading import Reading
from assistant.retrieval import Filters, Passage
from assistant.types import Answer, Citation, Turn


@dataclass(frozen=True)
class Plan:
    """What the answer is written from: the chosen sentences (best first) and the passages they may cite."""

    evidence: list[Evidence]
    sources: list[Passage]
    #: The language of the question: the answer's frame is written in it.
    language: str = "en"
    #: The question as the user wrote it (a backend answering in another language than English reads it).
    question: str = ""


@dataclass(frozen=True)
class Draft:
    """The extractive answer, the citations it uses, and the numbered sources the answer may cite."""

    text: str
    citations: list[Citation]
    sources: list[Citation]


class Writer(Protocol):
    """How the answer is written from the draft: see :mod:`assistant.answer.writers` for the two there are."""

    #: The backend's name, as the answer reports it.
    name: str
    #: Whether an answer is a pure function of the question, so that it may be cached.
    cacheable: bool

    def condense(self, reading: Reading, history: Sequence[Turn], cancel: CancelToken) -> str:
        """The standalone query for a question that may point back to earlier turns."""
        ...

    def draft(self, composer: ExtractiveComposer, plan: Plan) -> Draft:
        """The extractive draft of ``plan``, numbered as this writer's sources are."""
        ...

    def write(self, query: str, plan: Plan, draft: Draft, cancel: CancelToken) -> Generator[AnswerEvent, None, Answer]:
        """Stream the answer's text (delta events) and return the answer."""
        ...


@dataclass
class AnswerContext:
    """One question's run: its input, what each step found, and the answer once a step has it."""

    question: str
    history: list[Turn]
    writer: Writer
    #: Why the backend the request chose could not start (the draft's writer stands in), if it could not.
    unavailable: str | None = None
    cancel: CancelToken = field(default_factory=CancelToken)
    #: Restrictions on the passages retrieval may find (a document, a bureau), if any.
    filters: Filters = field(default_factory=Filters)
    reading: Reading | None = None
    #: The standalone query retrieval searches with.
    query: str = ""
    vectors: np.ndarray | None = None
    passages: list[Passage] = field(default_factory=list)
    plan: Plan | None = None
    draft: Draft | None = None
    #: The premise note (assistant.query.premises) that leads the answer, or "".
    note: str = ""
    #: The numbered sources sent to the client (the last SourcesEvent's), which a cached answer replays.
    sources: list[Citation] = field(default_factory=list)
    cache_key: str | None = None
    answer: Answer | None = None
    #: The answer came from the cache, complete: nothing is added to it.
    cached: bool = False
    #: The answer is a route's own (a feature wrote it, not the chosen backend).
    routed: bool = False
    #: Milliseconds per step, by step name.
    timings: dict[str, float] = field(default_factory=dict)

    def end(self, answer: Answer, *, cached: bool = False, routed: bool = False) -> None:
        """End the run with ``answer``: the remaining steps are skipped, the finishing step still runs."""
        self.answer, self.cached, self.routed = answer, cached, routed

    @property
    def ended(self) -> bool:
        """Whether a step has ended the run."""
        return self.answer is not None
