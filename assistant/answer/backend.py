"""What every answer-writing backend is: a name, whether it streams, and ``generate``.

A backend gets a :class:`GenerationRequest` (the chat messages rendered from ``prompts/``, plus the
extractive draft that non-generative backends return) and yields the answer text in pieces. It raises
:class:`BackendError` when it cannot answer; the pipeline then falls back to the extractive answer and
flags it ``degraded``, so a failing backend never becomes a failing request. The request's
:class:`CancelToken` says when nobody wants the answer any more (the client went away, the request timed
out, the service is stopping): a backend that can stop early should, and raise :class:`BackendBusy`.

A third-party package adds a backend through the ``assistant.backends`` entry-point group::

    [project.entry-points."assistant.backends"]
    mymodel = "my_package:MyBackend"

>>> class Echo(Backend):
...     name = "echo"
...     def generate(self, request):
...         yield request.messages[-1].content
>>> list(Echo(None).generate(GenerationRequest(messages=[ChatMessage(role="user", content="hi [1].")])))
['hi [1].']
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import BaseModel

if TYPE_CHECKING:
    from assistant.config import Settings


class ChatMessage(BaseModel):
    """One chat message in the OpenAI shape."""

    role: Literal["system", "user", "assistant"]
    content: str


class CancelToken:
    """Set once the work done for one request is no longer wanted; safe to share between threads."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Say the work is no longer wanted."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether the work is no longer wanted."""
        return self._event.is_set()


@dataclass(frozen=True)
class GenerationRequest:
    """What a backend writes from."""

    messages: list[ChatMessage]
    #: The extractive answer for the same sources, already cited; what a non-generative backend returns.
    draft: str = ""
    max_tokens: int = 300
    temperature: float = 0.0
    stop: list[str] = field(default_factory=list)
    #: Cancelled when the answer is no longer wanted; generation stops at the next piece.
    cancel: CancelToken = field(default_factory=CancelToken, compare=False)


class BackendError(RuntimeError):
    """The backend could not produce an answer (timeout, HTTP error, malformed output, not installed)."""


class BackendBusy(BackendError):
    """The backend is sound but did not answer this request.

    It was busy with others, ran out of time, or the request was cancelled. The circuit breaker does not
    count it as the backend failing.
    """


class Backend(ABC):
    """An answer writer. Subclasses set :attr:`name` and implement :meth:`generate`."""

    name: ClassVar[str]
    #: Whether :meth:`generate` yields text as it is written rather than all at the end.
    streams: ClassVar[bool] = True
    #: Whether the backend writes its own text from the messages (an LLM) or returns the draft.
    generative: ClassVar[bool] = True

    def __init__(self, settings: Settings | None) -> None:
        self.settings = settings

    @abstractmethod
    def generate(self, request: GenerationRequest) -> Iterator[str]:
        """Yield the answer text in pieces; raise :class:`BackendError` on failure."""

    def complete(self, request: GenerationRequest) -> str:
        """The whole text at once (for short tasks such as condensing a follow-up)."""
        return "".join(self.generate(request))
