"""``POST /api/feedback`` stores a rating of an answer; ``GET /api/feedback/export`` gives them all to an admin.

Ratings are limited per client and per address (``ASSISTANT_FEEDBACK_PER_MINUTE``, ``..._PER_ADDRESS_...``),
so a script cannot fill the store. The export needs ``Authorization: Bearer <ASSISTANT_ADMIN_TOKEN>``,
compared in constant time; it comes as CSV (citations as a JSON cell; cells a spreadsheet would run as a
formula are prefixed with ``'``) or as JSON lines (the rows exactly as stored).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import StreamingResponse

from assistant.api.deps import CallerDep, limit_feedback, require_admin
from assistant.api.identity import Caller
from assistant.api.schemas import ErrorResponse
from assistant.operations.export import spreadsheet_cell
from assistant.store.feedback import COLUMNS, Feedback, FeedbackStore, FeedbackUnavailable, Receipt
from assistant.store.spool import SpooledFeedback

router = APIRouter(prefix="/api/feedback", tags=["feedback"])


def get_feedback_store(request: Request) -> FeedbackStore | SpooledFeedback:
    """The service's feedback store."""
    return request.app.state.feedback


FeedbackStoreDep = Annotated[FeedbackStore | SpooledFeedback, Depends(get_feedback_store)]


def end_user_of(caller: Caller) -> str | None:
    """The pseudonymous end user a row is kept under (for erasure), or ``None`` for a bare address."""
    return None if caller.key.startswith("addr:") else caller.key


@router.post("", status_code=201, response_model=Receipt, dependencies=[Depends(limit_feedback)],
             responses={202: {"model": Receipt, "description": "Kept on this replica while the database is down "
                              "(queued); written to it when it is back."},
                        422: {"model": ErrorResponse}, 429: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
def add_feedback(feedback: Feedback, store: FeedbackStoreDep, caller: CallerDep, response: Response) -> Receipt:
    """Store a thumbs up or down (and an optional comment) on one answer, with the question and answer.

    A ``feedback_id`` (the client's random id for this rating) makes a retry safe: it stores nothing new.
    """
    try:
        receipt = store.add(feedback, end_user_of(caller))
    except FeedbackUnavailable as exc:
        raise HTTPException(503, "feedback could not be stored; retry shortly", headers={"Retry-After": "2"}) from exc
    if receipt.queued:
        response.status_code = 202
    return receipt


@router.get("/export", dependencies=[Depends(require_admin)],
            responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}},
                       401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}})
def export_feedback(store: FeedbackStoreDep,
                    format: Annotated[Literal["csv", "jsonl"], Query(description="csv or jsonl.")] = "csv",
                    ) -> StreamingResponse:
    """Every feedback row, oldest first, as CSV or JSON lines."""
    rows, media_type = (csv_lines(store.rows()), "text/csv; charset=utf-8") if format == "csv" else (
        (json.dumps(row, ensure_ascii=False) + "\n" for row in store.rows()), "application/x-ndjson")
    return StreamingResponse(rows, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="feedback.{format}"', "Cache-Control": "no-store"})


def csv_lines(rows: Iterator[dict]) -> Iterator[str]:
    """A header line, then one CSV line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(spreadsheet_cell(row[column]) for column in COLUMNS)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()

