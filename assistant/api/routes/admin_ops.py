"""Operators' endpoints (bearer token): the kill switch, the conversation log, erasure and analytics."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from assistant.api.deps import AssistantDep, require_admin
from assistant.api.schemas import ErrorResponse
from assistant.api.switch import SwitchDep
from assistant.operations.erasure import erase
from assistant.operations.export import csv_lines, jsonl_lines
from assistant.operations.report import operations_report
from assistant.operations.switch import SwitchState, token_fingerprint
from assistant.store.shared import Store

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_admin)],
                   responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}})


def admin_actor(authorization: Annotated[str | None, Header()] = None) -> str:
    """Who is acting: the fingerprint of the admin token the request carries (never the token itself)."""
    return token_fingerprint((authorization or "").partition(" ")[2].strip())


ActorDep = Annotated[str, Depends(admin_actor)]


def get_store(request: Request) -> Store:
    """The shared store, with every answer already given in its conversation log."""
    request.app.state.conversations.flush()
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]
DaysQuery = Annotated[int, Query(ge=1, le=3660, description="How many days back, today included.")]


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
def audit(store: StoreDep, days: DaysQuery = 30) -> dict:
    """The audit log of the last ``days`` days: switches, erasures, exports, by token fingerprint."""
    entries = store.audit_log(datetime.now(UTC) - timedelta(days=days))
    return {"entries": [{**entry, "at": entry["at"].isoformat()} for entry in entries]}


@router.get("/conversations/export", responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}})
def export_conversations(store: StoreDep, actor: ActorDep, days: DaysQuery = 30,
                         format: Annotated[Literal["csv", "jsonl"], Query(description="csv or jsonl.")] = "jsonl",
                         ) -> StreamingResponse:
    """The conversation log of the last ``days`` days (redacted as stored), oldest first; audited."""
    store.audit("export_conversations", actor, {"days": days, "format": format})
    records = store.conversations(datetime.now(UTC) - timedelta(days=days))
    lines, media_type = (csv_lines(records), "text/csv; charset=utf-8") if format == "csv" else (
        jsonl_lines(records), "application/x-ndjson")
    return StreamingResponse(lines, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="conversations.{format}"', "Cache-Control": "no-store"})


class Erasure(BaseModel):
    """What an erasure removed."""

    removed: dict[str, int] = Field(description="Rows removed: conversations, feedback.")


@router.delete("/end-users/{end_user}", response_model=Erasure)
def erase_end_user(store: StoreDep, actor: ActorDep,
                   end_user: Annotated[str, Path(min_length=1, max_length=512, description=(
                       "The end user: the key the export shows (token:..., proxy:...), a token or its id, or the "
                       "id the host site sends as X-End-User-Id."))]) -> Erasure:
    """Remove every conversation and feedback row of one end user from the shared store; audited."""
    return Erasure(removed=erase(store, end_user, actor))


def _fields(state: SwitchState) -> dict:
    return {"answers": state.answers, "message": state.message, "at": state.at, "actor": state.actor}


@router.get("/analytics")
def analytics(store: StoreDep, assistant: AssistantDep, days: DaysQuery = 7) -> dict:
    """What citizens asked over the last ``days`` days, and what became of it.

    Questions per day, outcome rates, feedback, latency p50/p95, top sections, documents and languages, the
    refused questions (redacted), content gaps, and the daily scores of live answers.
    """
    return operations_report(store, assistant, days)


@router.get("/chunks", responses={200: {"content": {"application/x-ndjson": {}}}})
def chunks(assistant: AssistantDep) -> StreamingResponse:
    """Every passage of the index being served, one JSON object per line (``assistant eval --url`` reads it)."""
    lines = (json.dumps(chunk.to_json(), ensure_ascii=False) + "\n" for chunk in assistant.index.chunks)
    return StreamingResponse(lines, media_type="application/x-ndjson", headers={"Cache-Control": "no-store"})
