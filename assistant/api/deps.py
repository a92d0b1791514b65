"""Dependencies the routes declare with ``Annotated`` aliases."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from assistant.answering import Assistant
from assistant.api.metrics import Metrics
from assistant.api.state import ServiceState

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


def get_metrics(request: Request) -> Metrics:
    return request.app.state.metrics


StateDep = Annotated[ServiceState, Depends(get_state)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
