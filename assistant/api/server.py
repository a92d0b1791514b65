"""How the service is served: uvicorn, with limits on the request head and no forwarding headers believed.

uvicorn's fast parser (httptools) takes a request line and headers of any size: a client that sends a
header of a few megabytes has all of it held in memory, per connection. :class:`HeadLimitedHttpTools`
counts the bytes of each request head as they arrive and refuses past the limits, with 414 for a request
target over ``max_request_line_bytes`` and 431 for a head over ``max_header_bytes``, before the application
sees anything. Without httptools, h11 is used with its own limit on an incomplete head.

uvicorn also believes ``X-Forwarded-For`` from 127.0.0.1 by default, which lets anything on the same host
choose the address it is limited by; here forwarding headers are read only from the proxies the operator
configures (:mod:`assistant.api.identity`), so uvicorn's own handling is off.

On SIGTERM or Ctrl-C the service stops within a deadline. uvicorn's own shutdown waits for open connections
to close, then for every request's task; a streamed answer waiting for the model keeps its connection open,
so one slow generation kept the process alive. :class:`StoppingServer` first cancels the work of every
request in flight (``assistant.api.cancellation``): each answer ends at once, with the sentences already
verified or the extractive answer, flagged degraded, and its connection closes. Requests that need no model
finish as usual; ``shutdown_timeout_seconds`` bounds the rest, after which uvicorn cancels them.

>>> run_server(create_app(assistant), settings, "127.0.0.1", 8000)    # doctest: +SKIP
"""

from __future__ import annotations

import importlib.util
import json
import logging
import socket

import uvicorn
from fastapi import FastAPI

from assistant.api.cancellation import InFlight
from assistant.config import Settings

log = logging.getLogger(__name__)

#: Seconds a refused connection is still read (and discarded) before it is closed, so that the client,
#: still sending its oversized head, receives the answer instead of a reset.
LINGER_SECONDS = 1.0


def _refusal(status: int, reason: str, code: str, message: str) -> bytes:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    head = (f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
            "connection: close\r\n\r\n")
    return head.encode("ascii") + body


if importlib.util.find_spec("httptools"):
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class HeadLimitedHttpTools(HttpToolsProtocol):
        """httptools, refusing a request whose target or head is over the limits (set on a subclass)."""

        max_head_bytes = 32 * 1024
        max_line_bytes = 8 * 1024

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._in_head = True
            self._head_bytes = 0
            self._refused = False

        def data_received(self, data: bytes) -> None:
            """Count the bytes of the request head as they arrive; refuse it once it is too long."""
            if self._refused:
                return  # read and dropped until the connection closes
            super().data_received(data)
            if self._in_head and not self._refused:
                # Still in a head after this chunk: all of it (but for a pipelined request's tail) is head.
                self._head_bytes += len(data)
                if len(self.url) > self.max_line_bytes:
                    self._refuse(414, "URI Too Long", "uri_too_long",
                                 f"the request target is over {self.max_line_bytes} bytes")
                elif self._head_bytes > self.max_head_bytes:
                    self._refuse(431, "Request Header Fields Too Large", "headers_too_large",
                                 f"the request line and headers are over {self.max_head_bytes} bytes")

        def on_message_begin(self) -> None:
            """A new request: its head starts."""
            super().on_message_begin()
            self._in_head, self._head_bytes = True, 0

        def on_headers_complete(self) -> None:
            """The head ended: check it once more before the request goes on."""
            if self._refused:
                return
            self._in_head = False
            head = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
            if len(self.url) > self.max_line_bytes:
                return self._refuse(414, "URI Too Long", "uri_too_long",
                                    f"the request target is over {self.max_line_bytes} bytes")
            if head > self.max_head_bytes:
                return self._refuse(431, "Request Header Fields Too Large", "headers_too_large",
                                    f"the request line and headers are over {self.max_head_bytes} bytes")
            super().on_headers_complete()

        def on_body(self, body: bytes) -> None:
            """Body bytes of a request that was not refused."""
            if not self._refused:
                super().on_body(body)

        def on_message_complete(self) -> None:
            """The end of a request that was not refused."""
            if not self._refused:
                super().on_message_complete()

        def _refuse(self, status: int, reason: str, code: str, message: str) -> None:
            self._refused = True
            self.url, self.headers = b"", []  # what was held of the head goes now
            self.logger.warning("refused a request: %s", message)
            self.transport.write(_refusal(status, reason, code, message))
            if self.transport.can_write_eof():
                self.transport.write_eof()
            self.loop.call_later(LINGER_SECONDS, self.transport.close)
else:  # pragma: no cover - httptools ships with uvicorn[standard]
    HeadLimitedHttpTools = None


def http_protocol(settings: Settings) -> type | str:
    """The protocol class for uvicorn's ``http`` option, with ``settings``' limits."""
    if HeadLimitedHttpTools is None:  # pragma: no cover
        return "h11"
    limits = {"max_head_bytes": settings.max_header_bytes, "max_line_bytes": settings.max_request_line_bytes}
    return type("ConfiguredHeadLimitedHttpTools", (HeadLimitedHttpTools,), limits)


def server_config(app: FastAPI, settings: Settings, host: str, port: int, **options: object) -> uvicorn.Config:
    """Uvicorn's configuration for serving ``app``: head limits on, forwarding headers left to the app."""
    return uvicorn.Config(app, host=host, port=port, http=http_protocol(settings), proxy_headers=False,
                          h11_max_incomplete_event_size=settings.max_header_bytes, **options)


class StoppingServer(uvicorn.Server):
    """uvicorn's server, which stops the work of the requests in flight as soon as it is told to exit."""

    def __init__(self, config: uvicorn.Config, in_flight: InFlight) -> None:
        super().__init__(config)
        self.in_flight = in_flight

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Cancel the work of every request in flight, then shut down as uvicorn does."""
        log.info("stopping the work of %d request(s) in flight", self.in_flight.cancel_all())
        await super().shutdown(sockets)


def run_server(app: FastAPI, settings: Settings, host: str, port: int,
               sockets: list[socket.socket] | None = None) -> bool:
    """Serve ``app`` (made by :func:`assistant.api.create_app`) until told to exit; whether it started.

    It listens on ``host``:``port``, or on ``sockets`` already bound (a worker's: :mod:`assistant.api.workers`).
    """
    # uvicorn's access log prints query strings, which may hold personal data; ours logs the path only.
    config = server_config(app, settings, host, port, log_level="info", access_log=False,
                           timeout_graceful_shutdown=settings.shutdown_timeout_seconds)
    server = StoppingServer(config, app.state.in_flight)
    server.run(sockets=sockets)
    return server.started
