"""Dependencies the routes declare with ``Annotated`` aliases.

The ones that only read the app's state are ``async def``: FastAPI runs a plain ``def`` dependency in its thread
pool, a hop through another thread (and the GIL) for an attribute lookup. Those that may wait on a store or Redis
(the admin check, the feedback limit) stay plain functions, off the event loop.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from assistant.api.identity import Caller
from assistant.api.limits import ServiceLimits, retry_after
from assistant.api.metrics import Metrics
from assistant.api.state import ServiceState
from assistant.backends import UnknownBackend
from assistant.backends.registry import require_configured
from assistant.config import Settings
from assistant.service import Assistant

#: Seconds a client should wait before retrying while the service warms up.
WARMING_RETRY_AFTER = "2"


async def get_state(request: Request) -> ServiceState:
    """The service's state: the assistant and its readiness."""
    return request.app.state.service


async def get_assistant(state: Annotated[ServiceState, Depends(get_state)]) -> Assistant:
    """The assistant, once warm; 503 with Retry-After before that."""
    if not state.ready.is_set():
        raise HTTPException(503, "the assistant is starting; retry shortly",
                            headers={"Retry-After": WARMING_RETRY_AFTER})
    return state.assistant


async def get_caller(request: Request) -> Caller:
    """Who sent the request (found by the ClientIdentity middleware)."""
    return request.state.caller


async def get_limits(request: Request) -> ServiceLimits:
    """The service's rate limits."""
    return request.app.state.limits


CallerDep = Annotated[Caller, Depends(get_caller)]
LimitsDep = Annotated[ServiceLimits, Depends(get_limits)]


def too_many(wait: float, message: str) -> HTTPException:
    """A 429 saying when to retry."""
    return HTTPException(429, message, headers={"Retry-After": retry_after(wait)})


def require_admin(request: Request, caller: CallerDep, limits: LimitsDep,
                  authorization: Annotated[str | None, Header()] = None) -> None:
    """401 without a bearer token, 403 with a wrong one or while no admin token is configured.

    The token is compared in constant time, so response timing reveals nothing about it. An address that
    has sent a few wrong tokens gets 429 for a while, whatever it sends (a right token included, or a
    guess would learn from the difference); right tokens never count against it.
    """
    expected = request.app.state.service.assistant.settings.admin_token
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, "an admin token is required: Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})
    if expected is None or not expected.get_secret_value():
        raise HTTPException(403, "admin endpoints are disabled: set ASSISTANT_ADMIN_TOKEN to enable them")
    locked = limits.admin_locked(caller)
    if locked:
        raise too_many(locked, "too many wrong admin tokens from this address; retry later")
    if not hmac.compare_digest(token.strip().encode(), expected.get_secret_value().encode()):
        limits.admin_failed(caller)
        raise HTTPException(403, "the admin token is not valid")


def limit_feedback(caller: CallerDep, limits: LimitsDep) -> None:
    """429 once a client, or its address, has sent its feedback rows for the minute."""
    wait = limits.for_feedback(caller)
    if wait:
        raise too_many(wait, "too much feedback at once; retry shortly")


def check_backend(name: str | None, settings: Settings) -> None:
    """422, naming the configured backends, for a backend these settings do not enable."""
    if name is None:
        return
    try:
        require_configured(name, settings)
    except UnknownBackend as exc:
        raise HTTPException(422, str(exc)) from None


async def backend_in_body(request: Request, state: Annotated[ServiceState, Depends(get_state)]) -> None:
    """For routes whose JSON body may name a ``backend``: 422 unless this server configures it.

    FastAPI has parsed the body before it solves dependencies, so this reads its cached copy; a body
    that is not an object with a text ``backend`` is left to the route's own validation.
    """
    try:
        body = await request.json()
    except ValueError:
        return
    if isinstance(body, dict) and isinstance(body.get("backend"), str):
        check_backend(body["backend"], state.assistant.settings)


async def get_metrics(request: Request) -> Metrics:
    """The service's Prometheus metrics."""
    return request.app.state.metrics


StateDep = Annotated[ServiceState, Depends(get_state)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
