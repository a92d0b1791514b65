"""What an answer run sends as it goes: the sources, pieces of text, then the finished answer.

Every interface streams these: the HTTP API as server-sent events (``citations``, ``delta``, ``done``), the
OpenAI-compatible route as chunks, :meth:`assistant.service.Assistant.ask` by keeping the last one.

>>> DeltaEvent("The scheme has $3 billion [1].").text
'The scheme has $3 billion [1].'
"""

from __future__ import annotations

from dataclasses import dataclass

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


AnswerEvent = SourcesEvent | DeltaEvent | DoneEvent
