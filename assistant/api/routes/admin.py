"""Admin endpoints (bearer token): rebuild the index while serving, and see how the last rebuild went."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from assistant.api.deps import require_admin
from assistant.api.reindexing import Reindexer, replica_versions
from assistant.api.schemas import ErrorResponse
from assistant.store.database import StoreUnavailable

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_admin)],
                   responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}})


def _reindexer(request: Request) -> Reindexer:
    return request.app.state.reindexer


@router.post("/reindex", status_code=202, response_model=None, responses={409: {"model": ErrorResponse}})
def reindex(request: Request) -> dict | JSONResponse:
    """Rebuild the index from the corpus in the background; the new one replaces the old when ready."""
    reindexer = _reindexer(request)
    if not reindexer.start():
        return JSONResponse({"error": {"code": "conflict", "message": "a rebuild is already running"}},
                            status_code=409)
    return reindexer.status.to_json()


@router.get("/index")
def index_status(request: Request) -> dict:
    """The build being served, the state of the last rebuild (idle, running, done, failed), each replica's build.

    With replicas, ``replicas`` lists the build each one last reported serving (``live`` while it reported
    in the last 10 s).
    """
    reindexer = _reindexer(request)
    status = {**reindexer.status.to_json(), "serving": request.app.state.service.assistant.index.version}
    if request.app.state.watcher is not None:
        try:
            status["replicas"] = replica_versions(request.app.state.store)
        except StoreUnavailable as exc:
            status["replicas_error"] = str(exc)
    return status
