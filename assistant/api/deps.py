"""Dependencies the routes declare with ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from assistant.answering import Assistant
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


StateDep = Annotated[ServiceState, Depends(get_state)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
