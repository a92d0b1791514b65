"""What an answer run sends as it goes: the sources, pieces of text, then the finished answer.

Every interface streams these: the HTTP API as server-sent events (``citations``, ``delta``, ``done``), the
OpenAI-compatible route as chunks, :meth:`assistant.service.Assistant.ask` by keeping the last one. Two events
are for the caller, not the client: :class:`VectorsWanted` and :class:`LongWork` let a caller on an event loop
run the answer there, without a thread per request (:func:`assistant.answer.inline.answer_inline`).

>>> DeltaEvent("The scheme has $3 billion [1].").text
'The scheme has $3 billion [1].'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.types import Answer, Citation


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


@dataclass
class VectorsWanted:
    """A step needs the query vectors of ``texts``; not for the client.

    A caller on an event loop fills ``vectors`` (awaiting the batched encoder) before the run goes on; a
    caller that ignores this event leaves it empty and the step embeds the texts itself, blocking its thread.
    """

    texts: list[str]
    vectors: np.ndarray | None = None


@dataclass(frozen=True)
class LongWork:
    """What the run does next may block for long (a model, a lazily loaded feature); not for the client.

    A caller on an event loop runs the rest of the run in a worker thread from here on.
    """


AnswerEvent = SourcesEvent | DeltaEvent | DoneEvent | VectorsWanted | LongWork
