"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from assistant.api.deps import StateDep
from assistant.api.schemas import ErrorResponse, Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses={503: {"model": ErrorResponse}})
def readyz(state: StateDep) -> Health | JSONResponse:
    """200 once the index is loaded and the model has answered a query; 503 before."""
    if state.ready.is_set():
        return Health(status="ready")
    message = f"warm-up failed: {state.warmup_error}" if state.warmup_error else "warming up"
    return JSONResponse({"error": {"code": "unavailable", "message": message}}, status_code=503,
                        headers={"Retry-After": "2"})
