"""Dependencies the routes declare with ``Annotated`` aliases."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from assistant.answering import Assistant
from assistant.api.metrics import Metrics
from assistant.api.state import ServiceState
from assistant.backends import UnknownBackend
from assistant.backends.registry import require_configured
from assistant.config import Settings

#: Seconds a client should wait before retrying while the service warms up.
WARMING_RETRY_AFTER = "2"


def get_state(request: Request) -> ServiceState:
    return request.app.state.service


def get_assistant(state: Annotated[ServiceState, Depends(get_state)]) -> Assistant:
    """The assistant, once warm; 503 with Retry-After before that."""
    if not state.ready.is_set():
        raise HTTPException(503, "the assistant is starting; retry shortly",
                            headers={"Retry-After": WARMING_RETRY_AFTER})
    return state.assistant


def require_admin(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """401 without a bearer token, 403 with a wrong one or while no admin token is configured.

    The token is compared in constant time, so response timing reveals nothing about it.
    """
    expected = request.app.state.service.assistant.settings.admin_token
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, "an admin token is required: Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})
    if expected is None or not expected.get_secret_value():
        raise HTTPException(403, "admin endpoints are disabled: set ASSISTANT_ADMIN_TOKEN to enable them")
    if not hmac.compare_digest(token.strip().encode(), expected.get_secret_value().encode()):
        raise HTTPException(403, "the admin token is not valid")


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


def get_metrics(request: Request) -> Metrics:
    return request.app.state.metrics


StateDep = Annotated[ServiceState, Depends(get_state)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
