"""Logging each answer to the conversation log, from the routes that answer (``/api/ask``, its stream, chat).

A route declares :data:`RecorderDep`; the recorder knows the caller's pseudonymous end user and when the
request started, so the route only says what the question got.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import Depends, Request

from assistant.api.deps import CallerDep
from assistant.api.routes.feedback import end_user_of
from assistant.operations.conversations import ConversationLog
from assistant.types import Answer


class Recorder:
    """Logs one request's question and what it got."""

    def __init__(self, log: ConversationLog, end_user: str | None) -> None:
        self.log = log
        self.end_user = end_user
        self.started = time.perf_counter()

    def _elapsed_ms(self) -> float:
        return (time.perf_counter() - self.started) * 1000

    def answered(self, question: str, answer: Answer) -> None:
        """Log the answer (or refusal) ``question`` got."""
        self.log.answered(question, answer, self.end_user, self._elapsed_ms())

    def failed(self, question: str) -> None:
        """Log that ``question`` got no answer."""
        self.log.failed(question, self.end_user, self._elapsed_ms())


async def get_recorder(request: Request, caller: CallerDep) -> Recorder:
    """A recorder for this request."""
    return Recorder(request.app.state.conversations, end_user_of(caller))


RecorderDep = Annotated[Recorder, Depends(get_recorder)]
