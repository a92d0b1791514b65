"""An OpenAI-compatible chat-completions API, so any OpenAI client or chat front end can use the assistant.

The last user message is the question and the messages before it are the history. The model name picks
the backend: ``policy-assistant`` uses the server's default, ``policy-assistant/local`` the local model,
and so on. Citations come twice: as Markdown footnotes in the content (``[^1]`` and ``[^1]: ...``) and as
an extra ``citations`` field (on the last chunk when streaming).
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from assistant.answer.backend import CancelToken
from assistant.answer.events import DeltaEvent, DoneEvent
from assistant.api.cancellation import CancelDep
from assistant.api.conversations import Recorder, RecorderDep
from assistant.api.deps import AssistantDep, MetricsDep, StateDep, check_backend
from assistant.api.metrics import Metrics
from assistant.api.schemas import HISTORY_MAX_TURNS, QUESTION_MAX_CHARS, ErrorResponse
from assistant.api.sse import SSE_HEADERS, sse, stream_events
from assistant.api.switch import answers_on
from assistant.backends import configured_backends
from assistant.config import Settings
from assistant.service import Assistant
from assistant.types import Answer, Citation, Turn

router = APIRouter(prefix="/v1", tags=["openai-compatible"])
MODEL = "policy-assistant"
_MARKER = re.compile(r"\[(\d+)\]")


class ContentPart(BaseModel):
    """One part of a message's content; only text parts are read."""
    type: str
    text: str = ""


class ChatCompletionMessage(BaseModel):
    """One message of the conversation, in OpenAI's shape."""
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        """The message's text, its text parts joined."""
        if isinstance(self.content, list):
            return "".join(part.text for part in self.content if part.type == "text")
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    """The subset of OpenAI's request that matters here; other fields are accepted and ignored."""

    model_config = ConfigDict(extra="allow")

    model: str = Field(MODEL, examples=[MODEL])
    messages: list[ChatCompletionMessage] = Field(min_length=1, max_length=HISTORY_MAX_TURNS + 2)
    stream: bool = False


class ModelCard(BaseModel):
    """One model this server offers."""
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "policy-assistant"


class ModelList(BaseModel):
    """The models this server offers, as GET /v1/models lists them."""
    object: Literal["list"] = "list"
    data: list[ModelCard]


def backend_for(model: str, settings: Settings) -> str | None:
    """The backend a model name selects (``None``: the default).

    404 for a model that is not this assistant; 422, naming the configured ones, for a backend this server
    does not configure.
    """
    if model == MODEL:
        return None
    prefix, _, backend = model.partition("/")
    if prefix != MODEL:
        raise HTTPException(404, "model not found; GET /v1/models lists the models served")
    check_backend(backend, settings)
    return backend


def question_and_history(messages: list[ChatCompletionMessage]) -> tuple[str, list[Turn]]:
    """The last user message as the question, earlier user/assistant messages as history."""
    if messages[-1].role != "user" or not messages[-1].text().strip():
        raise HTTPException(422, "the last message must be a non-empty user message")
    question = messages[-1].text().strip()
    if len(question) > QUESTION_MAX_CHARS:
        raise HTTPException(422, f"the question must be at most {QUESTION_MAX_CHARS} characters")
    history = [Turn(role=m.role, content=m.text()[:8000]) for m in messages[:-1] if m.role in ("user", "assistant")]
    return question, history


def with_footnotes(text: str) -> str:
    """``[n]`` markers as Markdown footnote references ``[^n]``."""
    return _MARKER.sub(r"[^\1]", text)


def footnotes(citations: list[Citation]) -> str:
    """Markdown footnote definitions for the citations."""
    lines = []
    for citation in citations:
        bureaux = ", ".join(b.name for b in citation.bureaux)
        source = f"{citation.section}" + (f" ({bureaux})" if bureaux else "")
        lines.append(f"[^{citation.n}]: {source}: \"{citation.text}\"")
    return "\n\n" + "\n".join(lines) if lines else ""


def _content(answer: Answer) -> str:
    return with_footnotes(answer.answer) + footnotes(answer.citations)


@router.get("/models", response_model=ModelList)
def models(state: StateDep) -> ModelList:
    """The assistant with its default backend, and once per backend this server configures."""
    created = int(time.time())
    names = [MODEL, *(f"{MODEL}/{name}" for name in configured_backends(state.assistant.settings))]
    return ModelList(data=[ModelCard(id=name, created=created) for name in names])


@router.post("/chat/completions", response_model=None, dependencies=[Depends(answers_on)],
             responses={200: {"content": {"text/event-stream": {}},
                              "description": "the completion; with stream true, its chunks as server-sent events"},
                        404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
async def chat_completions(request: ChatCompletionRequest, assistant: AssistantDep, metrics: MetricsDep,
                           cancel: CancelDep, recorder: RecorderDep) -> dict | StreamingResponse:
    """Answer the last user message, as OpenAI's chat completions do (streaming or not)."""
    backend = backend_for(request.model, assistant.settings)
    question, history = question_and_history(request.messages)
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    if request.stream:
        chunks = _stream(assistant, metrics, recorder, (question, history, backend), request.model, completion_id,
                         cancel)
        return StreamingResponse(stream_events(chunks, cancel), media_type="text/event-stream", headers=SSE_HEADERS)
    try:
        answer = await assistant.ask_async(question, history, backend, cancel, offload=run_in_threadpool)
    except Exception:
        recorder.failed(question)
        raise
    metrics.record_answer(answer)
    recorder.answered(question, answer)
    return {"id": completion_id, "object": "chat.completion", "created": int(time.time()), "model": request.model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": _content(answer)},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            "citations": [c.model_dump() for c in answer.citations], "refused": answer.refused,
            "degraded": answer.degraded}


def _chunk(completion_id: str, model: str, delta: dict, finish: str | None = None, **extra: object) -> str:
    body = {"id": completion_id, "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
    return sse(None, body)


async def _stream(assistant: Assistant, metrics: Metrics, recorder: Recorder,
                  asked: tuple[str, list[Turn], str | None], model: str, completion_id: str,
                  cancel: CancelToken) -> AsyncGenerator[str, None]:
    question, history, backend = asked
    yield _chunk(completion_id, model, {"role": "assistant", "content": ""})
    streamed = False
    async with aclosing(assistant.ask_events(question, history, backend, cancel, offload=run_in_threadpool)) as events:
        async for event in events:
            if isinstance(event, DeltaEvent):
                streamed = True
                yield _chunk(completion_id, model, {"content": with_footnotes(event.text)})
            elif isinstance(event, DoneEvent):
                answer = event.answer
                metrics.record_answer(answer)
                recorder.answered(question, answer)
                # Text that was never streamed (a refusal, a fallback) goes out whole; footnotes close the answer.
                rest = (answer.answer if not streamed else "") and with_footnotes(answer.answer)
                yield _chunk(completion_id, model, {"content": rest + footnotes(answer.citations)})
                yield _chunk(completion_id, model, {}, "stop", citations=[c.model_dump() for c in answer.citations],
                             refused=answer.refused, degraded=answer.degraded)
    yield sse(None, "[DONE]")
