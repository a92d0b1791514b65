"""Serve the app with uvicorn, and stop within a deadline on SIGTERM or Ctrl-C.

uvicorn's own shutdown waits for open connections to close, then for every request's task; a streamed
answer waiting for the model keeps its connection open, and a cancelled request still waits for the
worker thread running it, so one slow generation kept the process alive. Here the shutdown first
cancels the work of every request in flight (``assistant.api.cancellation``): each answer ends at once,
with the sentences already verified or the extractive answer, flagged degraded, and its connection
closes. Requests that need no model finish as usual; ``grace_seconds`` bounds the rest, after which
uvicorn cancels them.
"""

from __future__ import annotations

import logging
import socket

import uvicorn
from fastapi import FastAPI

from assistant.api.cancellation import InFlight

log = logging.getLogger(__name__)


class StoppingServer(uvicorn.Server):
    """uvicorn's server, which stops the work of the requests in flight as soon as it is told to exit."""

    def __init__(self, config: uvicorn.Config, in_flight: InFlight) -> None:
        super().__init__(config)
        self.in_flight = in_flight

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        log.info("stopping the work of %d request(s) in flight", self.in_flight.cancel_all())
        await super().shutdown(sockets)


def serve(app: FastAPI, host: str, port: int, grace_seconds: float) -> bool:
    """Serve ``app`` (made by :func:`assistant.api.create_app`) until told to exit; whether it started."""
    # uvicorn's access log prints query strings, which may hold personal data; ours logs the path only.
    config = uvicorn.Config(app, host=host, port=port, log_level="info", access_log=False,
                            timeout_graceful_shutdown=grace_seconds)
    server = StoppingServer(config, app.state.in_flight)
    server.run()
    return server.started
