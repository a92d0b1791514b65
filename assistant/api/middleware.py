"""Protection around every request: size, valid text, who asks, rate limits, concurrency, timeouts, logs.

Each guard is a small pure-ASGI middleware (no per-request thread, streaming responses untouched) and
answers in the API's error shape. Order, outermost first: security headers (so every response, errors
included, carries them), access log, body limit, caller identity, rate limit, strict text, concurrency cap,
timeout.

- **Body size**: a declared or streamed body over ``max_body_bytes`` gets 413 before a route reads it.
- **Caller**: the address and, when trusted, the end user (:mod:`assistant.api.identity`), kept in the
  request's state for the guards and routes after it.
- **Rate limit**: token buckets per client (its end user, else its address) and per address, the outer
  bound (:mod:`assistant.api.limits`); 429 with Retry-After.
- **Strict text**: a path, query string or JSON body that is not valid Unicode gets 400
  (:mod:`assistant.api.strict`).
- **Concurrency cap**: more than ``max_concurrent_requests`` answers in flight get 503 with Retry-After at
  once, instead of queueing until everything times out; one address may hold only its share of them (429).
- **Timeout**: a response that has not started within ``request_timeout_seconds`` is abandoned with 503,
  and the request's cancel token (``assistant.api.cancellation``) stops the model work done for it; the
  token is also cancelled when the client disconnects, so abandoned answers stop being computed.
- **Access log**: method, path without its query string (a query may hold personal data) and escaped (a
  path may hold line breaks), status, time; the same request is counted and timed for ``/metrics``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from assistant.answer.backend import CancelToken
from assistant.api.cancellation import SCOPE_KEY, InFlight
from assistant.api.identity import Caller, Identities
from assistant.api.limits import ServiceLimits, retry_after
from assistant.api.logs import log_field
from assistant.api.metrics import Metrics
from assistant.api.strict import body_problem, path_problem, query_problem
from assistant.config import Settings

log = logging.getLogger("assistant.access")

Scope = dict
Message = dict
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Paths that do real work and are limited; health probes, the page and static files are not.
LIMITED_PREFIXES = ("/api/", "/v1/")
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "cross-origin-opener-policy": "same-origin",
}
# Responses that are not the page carry a CSP that allows nothing; the page sets its own.
_API_CSP = "default-src 'none'; frame-ancestors 'none'"


async def send_error(send: Send, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
    """Send a complete JSON error response."""
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def _limited(scope: Scope) -> bool:
    return scope["type"] == "http" and scope["path"].startswith(LIMITED_PREFIXES)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


class SecurityHeaders:
    """Adds the security headers to every HTTP response (a route's own CSP wins)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the guard, then the app."""
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {key.lower() for key, _ in headers}
                extra = {**SECURITY_HEADERS, "content-security-policy": _API_CSP}
                if scope["path"].startswith(LIMITED_PREFIXES):
                    extra["cache-control"] = "no-store"
                headers += [(k.encode(), v.encode()) for k, v in extra.items() if k.encode() not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class AccessLog:
    """Logs each request without its query string or body, and counts and times it for ``/metrics``."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the guard, then the app."""
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            seconds = time.perf_counter() - started
            log.info("%s %s %s %.1fms", scope["method"], log_field(scope["path"]), status, seconds * 1000)
            self.metrics.record_request(scope, status, seconds)


class BodyLimit:
    """413 for a request body over the limit, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the guard, then the app."""
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            return await send_error(send, 413, "too_large", f"request body is over {self.max_bytes} bytes")
        seen, refused = 0, False

        async def counted() -> Message:
            # Past the limit: answer 413 ourselves, and tell the route the client has gone.
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                refused = True
                await send_error(send, 413, "too_large", f"request body is over {self.max_bytes} bytes")
                return {"type": "http.disconnect"}
            return message

        async def unless_refused(message: Message) -> None:
            if not refused:
                await send(message)

        await self.app(scope, counted, unless_refused)


def caller_of(scope: Scope) -> Caller:
    """The caller :class:`ClientIdentity` found for this request."""
    return scope["state"]["caller"]


class ClientIdentity:
    """Works out who sent each request, once, for the guards and routes inside it."""

    def __init__(self, app: ASGIApp, identities: Identities) -> None:
        self.app = app
        self.identities = identities

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the guard, then the app."""
        if scope["type"] == "http":
            scope.setdefault("state", {})["caller"] = self.identities.identify(scope)
        await self.app(scope, receive, send)


class RateLimit:
    """429 with Retry-After once a client, or its address, has used its requests for the minute."""

    def __init__(self, app: ASGIApp, limits: ServiceLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the guard, then the app."""
        if _limited(scope):
            wait = self.limits.for_request(caller_of(scope))
            if wait > 0:
                return await send_error(send, 429, "rate_limited", "too many requests; slow down",
                                        {"Retry-After": retry_after(wait)})
        await self.app(scope, receive, send)


class StrictText:
    """400 for a path, query string or JSON body that is not valid Unicode, before any route reads it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the guard, then the app."""
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        problem = path_problem(scope) or query_problem(scope)
        if problem:
            return await send_error(send, 400, "invalid_text", problem)
        if not _json_body(scope):
            return await self.app(scope, receive, send)
        body, complete = await _read_body(receive)
        if not complete:
            return  # the client went away, or the body limit has answered already
        problem = body_problem(body)
        if problem:
            return await send_error(send, 400, "invalid_text", problem)
        pending = [{"type": "http.request", "body": body, "more_body": False}]

        async def replay() -> Message:
            return pending.pop() if pending else await receive()

        await self.app(scope, replay, send)


def _json_body(scope: Scope) -> bool:
    """Whether the route will read the body as JSON (FastAPI does when no content type is given)."""
    if scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return False
    kind = (_header(scope, b"content-type") or "application/json").split(";")[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    """The whole body (the body limit outside bounds it), and whether it came whole."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks), True


class ConcurrencyCap:
    """503 with Retry-After when too many requests are already in flight; 429 past one address's share."""

    def __init__(self, app: ASGIApp, limit: int, share: float = 1.0) -> None:
        self.app = app
        self.limit = limit
        self.per_address = max(1, math.floor(limit * share))
        self.in_flight = 0
        self._by_address: dict[str, int] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the guard, then the app."""
        if not _limited(scope):
            return await self.app(scope, receive, send)
        address = caller_of(scope).address
        if self.in_flight >= self.limit:
            return await send_error(send, 503, "overloaded", "the assistant is busy; retry shortly",
                                    {"Retry-After": "1"})
        if self._by_address.get(address, 0) >= self.per_address:
            return await send_error(send, 429, "too_many_in_flight", "too many of your requests are still being "
                                    "answered; wait for one to finish", {"Retry-After": "1"})
        # One event loop: no lock needed.
        self.in_flight += 1
        self._by_address[address] = self._by_address.get(address, 0) + 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
            self._by_address[address] -= 1
            if not self._by_address[address]:
                del self._by_address[address]


class Timeout:
    """503 when a response has not started in time; a started (streaming) response runs to its end.

    Every request gets a :class:`CancelToken` in its scope, cancelled when the time is up, when the client
    disconnects (seen as the app reads, or by listening once the body has been read) and when the request
    ends; ``in_flight`` lists the tokens of the requests being served, for a shutdown to cancel.
    """

    def __init__(self, app: ASGIApp, seconds: float, in_flight: InFlight | None = None) -> None:
        self.app = app
        self.seconds = seconds
        self.in_flight = in_flight or InFlight()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the guard, then the app."""
        if not _limited(scope):
            return await self.app(scope, receive, send)
        token = scope[SCOPE_KEY] = CancelToken()
        self.in_flight.add(token)
        try:
            await self._serve(scope, receive, send, token)
        finally:
            token.cancel()
            self.in_flight.discard(token)

    async def _serve(self, scope: Scope, receive: Receive, send: Send, token: CancelToken) -> None:
        # One future, resolved by whichever comes first: the response starting, the app ending, the time
        # running out. (asyncio.wait over a task waiting on an Event made two more tasks per request.)
        loop = asyncio.get_running_loop()
        first = loop.create_future()
        started, body_read = False, asyncio.Event()

        def resolve(_: object = None) -> None:
            if not first.done():
                first.set_result(None)

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                resolve()
            await send(message)

        async def watched_receive() -> Message:
            message = await receive()
            if message["type"] == "http.disconnect":
                token.cancel()
            elif not message.get("more_body", False):
                body_read.set()
            return message

        task = asyncio.ensure_future(self.app(scope, watched_receive, watch))
        task.add_done_callback(resolve)
        timer = loop.call_later(self.seconds, resolve)
        listener = asyncio.ensure_future(_cancel_on_disconnect(receive, body_read, token))
        try:
            await first
        finally:
            timer.cancel()
        if not started and not task.done():
            listener.cancel()
            token.cancel()
            task.cancel()
            return await send_error(send, 503, "timeout", f"no answer within {self.seconds:g} s; retry shortly",
                                    {"Retry-After": "2"})
        listener.cancel()  # from here the response itself (a stream) watches for the client leaving
        await task


async def _cancel_on_disconnect(receive: Receive, body_read: asyncio.Event, token: CancelToken) -> None:
    """Cancel ``token`` if the client disconnects while the answer is being made (before it is sent).

    Only once the app has read the whole body, so this never takes a message the app needs.
    """
    await body_read.wait()
    while (await receive())["type"] != "http.disconnect":
        pass
    token.cancel()


def install_middleware(app: FastAPI, settings: Settings, metrics: Metrics, identities: Identities,
                       limits: ServiceLimits) -> None:
    """Wrap ``app`` in the guards, configured from ``settings``.

    CORS sits inside the security headers but outside the limits, so that a browser on an allowed origin
    can read a 429 or 503 (and its Retry-After) instead of seeing a CORS failure.
    """
    # add_middleware puts each new one outside the previous: add the innermost first.
    app.state.in_flight = InFlight()  # so that a shutdown can stop the work of every request at once
    app.add_middleware(Timeout, seconds=settings.request_timeout_seconds, in_flight=app.state.in_flight)
    app.add_middleware(ConcurrencyCap, limit=settings.max_concurrent_requests, share=settings.concurrency_share)
    app.add_middleware(StrictText)
    app.add_middleware(RateLimit, limits=limits)
    app.add_middleware(ClientIdentity, identities=identities)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(AccessLog, metrics=metrics)
    if settings.cors_origins:
        # Pages on these origins embed the widget and call the API from the browser. No cookies are used,
        # and the admin endpoints' Authorization header is deliberately not allowed cross-origin. The widget
        # sends its end-user token; X-End-User-Id counts only from a trusted proxy, never from a browser.
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "X-End-User-Token"], expose_headers=["Retry-After"],
                           max_age=600)
    app.add_middleware(SecurityHeaders)
