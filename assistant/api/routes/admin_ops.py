"""Operators' endpoints (bearer token): the kill switch, the conversation log, erasure and analytics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from pydantic import BaseModel, Field

from assistant.api.deps import require_admin
from assistant.api.schemas import ErrorResponse
from assistant.api.switch import SwitchDep
from assistant.operations.switch import SwitchState, token_fingerprint

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_admin)],
                   responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}})


def admin_actor(authorization: Annotated[str | None, Header()] = None) -> str:
    """Who is acting: the fingerprint of the admin token the request carries (never the token itself)."""
    return token_fingerprint((authorization or "").partition(" ")[2].strip())


ActorDep = Annotated[str, Depends(admin_actor)]


class SwitchRequest(BaseModel):
    """Turn answers on or off for every replica."""

    answers: bool = Field(description="false: every answer endpoint returns 503 switched_off; true: answers again.")
    message: str = Field("", max_length=500, description="What citizens read while answers are off.")
    reason: str = Field("", max_length=1000, description="Why, for the audit (defaults to the message).")


class SwitchResponse(BaseModel):
    """The switch as it now stands."""

    answers: bool
    message: str
    at: str | None
    actor: str | None


@router.post("/switch", response_model=SwitchResponse, responses={422: {"model": ErrorResponse}})
def switch(body: SwitchRequest, kill_switch: SwitchDep, actor: ActorDep) -> SwitchResponse:
    """Switch answers off (with the message citizens see) or on again; every switch is audited.

    Every replica follows within ``ASSISTANT_SWITCH_POLL_SECONDS`` (2 s).
    """
    state = kill_switch.turn(body.answers, body.message, actor, body.reason or body.message)
    return SwitchResponse(**_fields(state))


@router.get("/switch", response_model=SwitchResponse)
def switch_state(kill_switch: SwitchDep) -> SwitchResponse:
    """Whether answers are on, as this replica knows it."""
    return SwitchResponse(**_fields(kill_switch.state()))


@router.get("/audit")
def audit(request: Request, days: Annotated[int, Query(ge=1, le=3660)] = 30) -> dict:
    """The audit log of the last ``days`` days: switches, erasures, exports, by token fingerprint."""
    entries = request.app.state.store.audit_log(datetime.now(UTC) - timedelta(days=days))
    return {"entries": [{**entry, "at": entry["at"].isoformat()} for entry in entries]}


def _fields(state: SwitchState) -> dict:
    return {"answers": state.answers, "message": state.message, "at": state.at, "actor": state.actor}
