"""A cancel token for every request, so the work done for it stops when nobody wants the answer.

:class:`~assistant.api.middleware.Timeout` puts a :class:`CancelToken` into each limited request's scope
and cancels it when the request times out, when the client disconnects, and when the request ends;
:class:`InFlight` holds the tokens of the requests being served so that a shutdown can cancel them all.
Routes take the token with :data:`CancelDep` and hand it to :meth:`Assistant.ask` / ``ask_stream``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.answer.backend import CancelToken

#: Where the token lives in the ASGI scope.
SCOPE_KEY = "assistant.cancel"


class InFlight:
    """The cancel tokens of the requests being served (used from the event loop's thread only)."""

    def __init__(self) -> None:
        self._tokens: set[CancelToken] = set()

    def add(self, token: CancelToken) -> None:
        """Track a request's token while it is served."""
        self._tokens.add(token)

    def discard(self, token: CancelToken) -> None:
        """Stop tracking a finished request's token."""
        self._tokens.discard(token)

    def cancel_all(self) -> int:
        """Cancel every request's work; how many there were."""
        for token in self._tokens:
            token.cancel()
        return len(self._tokens)


async def request_cancel(request: Request) -> CancelToken:
    """The request's token (a fresh one when the app runs without the middleware, as in unit tests)."""
    return request.scope.get(SCOPE_KEY) or CancelToken()


CancelDep = Annotated[CancelToken, Depends(request_cancel)]
