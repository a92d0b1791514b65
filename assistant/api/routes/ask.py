"""``POST /api/ask`` and ``POST /api/ask/stream``: a question in, a cited answer (or a refusal) out."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator
from contextlib import aclosing

from fastapi import APIRouter
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from assistant.answer.backend import CancelToken
from assistant.answer.events import DeltaEvent, DoneEvent, SourcesEvent
from assistant.api.cancellation import CancelDep
from assistant.api.conversations import Recorder, RecorderDep
from assistant.api.deps import AssistantDep, MetricsDep
from assistant.api.metrics import Metrics
from assistant.api.schemas import AskRequest, ErrorResponse
from assistant.api.sse import SSE_HEADERS, sse, stream_events
from assistant.retrieval import Filters
from assistant.service import Assistant
from assistant.types import Answer

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["answers"])
_ERRORS = {400: {"model": ErrorResponse}, 422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}


@router.post("/ask", response_model=Answer, responses=_ERRORS)
async def ask(request: AskRequest, assistant: AssistantDep, metrics: MetricsDep, cancel: CancelDep,
              recorder: RecorderDep) -> Response:
    """Answer a question from the policy document, citing the passages used.

    The extractive answer is made on the event loop (:meth:`Assistant.ask_async`); a model's, in a thread.
    The answer was validated when it was built: it is serialised once, by pydantic-core, instead of being
    validated again against ``response_model`` (which stays for the OpenAPI schema) and encoded by ``json``.
    """
    try:
        answer = await assistant.ask_async(request.question, request.history, request.backend, cancel,
                                           Filters(document=request.document), offload=run_in_threadpool)
    except Exception:
        recorder.failed(request.question)
        raise
    metrics.record_answer(answer)
    recorder.answered(request.question, answer)
    return Response(answer.model_dump_json(), media_type="application/json")


async def answer_events(assistant: Assistant, request: AskRequest, metrics: Metrics, cancel: CancelToken,
                        recorder: Recorder) -> AsyncGenerator[str, None]:
    """The answer as server-sent events: ``citations``, ``delta``..., then ``done`` (or ``error``).

    An extractive answer is made on the event loop, as ``/api/ask`` makes it; a model's, in threads.
    """
    try:
        async with aclosing(assistant.ask_events(request.question, request.history, request.backend, cancel,
                                                 Filters(document=request.document), run_in_threadpool)) as events:
            async for event in events:
                if isinstance(event, SourcesEvent):
                    yield sse("citations", {"citations": [c.model_dump() for c in event.citations]})
                elif isinstance(event, DeltaEvent):
                    yield sse("delta", {"text": event.text})
                elif isinstance(event, DoneEvent):
                    metrics.record_answer(event.answer)
                    recorder.answered(request.question, event.answer)
                    yield sse("done", event.answer.model_dump())
    except Exception:  # the status line is sent: an error event is all a client can still get
        log.exception("answer stream failed")
        recorder.failed(request.question)
        yield sse("error", {"error": {"code": "internal_error", "message": "the answer could not be completed"}})


@router.post("/ask/stream", responses={200: {"content": {"text/event-stream": {}},
                                             "description": "citations, delta..., done (or error) events"},
                                       **_ERRORS})
async def ask_stream(request: AskRequest, assistant: AssistantDep, metrics: MetricsDep,
                     cancel: CancelDep, recorder: RecorderDep) -> StreamingResponse:
    """The same answer as ``/api/ask``, streamed as server-sent events.

    ``citations`` comes first (the numbered sources), then ``delta`` events with text, then ``done`` with
    the full answer object, whose ``answer`` replaces the streamed text; ``error`` if it fails midway.
    """
    events = stream_events(answer_events(assistant, request, metrics, cancel, recorder), cancel)
    return StreamingResponse(events, media_type="text/event-stream", headers=SSE_HEADERS)
