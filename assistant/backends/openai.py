"""The ``openai`` backend: any OpenAI-compatible chat-completions server, over httpx.

Works with OpenAI, Azure OpenAI (set ``ASSISTANT_OPENAI_API_VERSION``), vLLM, Ollama, llama.cpp's server and
LM Studio. Settings (or ``OPENAI_BASE_URL`` / ``OPENAI_API_KEY``) give the base URL, model and key.
Connect and read timeouts are separate, so a server that stalls mid-answer fails in ``read_timeout``
seconds; 429 and 5xx are retried with exponential back-off, honouring ``Retry-After``; a retry only
happens before any text was yielded, so a retried request never repeats text.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import time
from collections.abc import Iterator

import httpx

from assistant.answer.backend import Backend, BackendError, GenerationRequest
from assistant.config import Settings

log = logging.getLogger(__name__)
_RETRYABLE = {429, 500, 502, 503, 504}


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (a number or an HTTP date), if it has one."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def parse_event_stream(lines: Iterator[str]) -> Iterator[str]:
    """Text pieces from a chat-completions event stream; :class:`BackendError` if it is malformed."""
    for line in lines:
        if not line.startswith("data:"):
            continue  # blank separators, comments (": ping") and other fields
        data = line[len("data:"):].strip()
        if data == "[DONE]":
            return
        try:
            choice = json.loads(data)["choices"][0]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise BackendError(f"malformed event in the stream: {data[:80]!r}") from exc
        if not isinstance(choice, dict):
            raise BackendError(f"malformed event in the stream: {data[:80]!r}")
        content = (choice.get("delta") or {}).get("content")
        if content:
            yield str(content)


def message_content(body: object) -> str:
    """The answer text of a non-streamed chat completion; :class:`BackendError` if it has none."""
    try:
        content = body["choices"][0]["message"]["content"]  # type: ignore[index]
    except (KeyError, IndexError, TypeError) as exc:
        raise BackendError("malformed chat completion: no choices[0].message.content") from exc
    if not isinstance(content, str):
        raise BackendError("malformed chat completion: content is not text")
    return content


class OpenAIBackend(Backend):
    """Chat completions over HTTP."""

    name = "openai"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        base_url = settings.openai_endpoint
        if not base_url:  # never a default server: the question and its passages go only where the operator says
            raise BackendError("the openai backend has no server: set ASSISTANT_OPENAI_BASE_URL or OPENAI_BASE_URL")
        api_key = settings.openai_api_key or os.environ.get("OPENAI_API_KEY", "")
        headers, params = {}, {}
        if settings.openai_api_version:  # Azure OpenAI: key header and api-version parameter
            headers["api-key"] = api_key
            params["api-version"] = settings.openai_api_version
        elif api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        timeout = httpx.Timeout(settings.openai_read_timeout, connect=settings.openai_connect_timeout)
        self._client = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, params=params, timeout=timeout)

    @property
    def streams(self) -> bool:  # type: ignore[override]
        """Whether answers stream (``ASSISTANT_OPENAI_STREAM``)."""
        return self.settings.openai_stream

    def generate(self, request: GenerationRequest) -> Iterator[str]:
        """The server's answer, in pieces; 429 and 5xx retried with back-off before any text."""
        payload = {"model": self.settings.openai_model, "stream": self.settings.openai_stream,
                   "messages": [m.model_dump() for m in request.messages],
                   "max_tokens": request.max_tokens, "temperature": request.temperature}
        if request.stop:
            payload["stop"] = request.stop
        for attempt in range(self.settings.openai_max_retries + 1):
            wait = yield from self._attempt(payload, attempt)
            if wait is None:
                return
            time.sleep(wait)

    def _attempt(self, payload: dict, attempt: int) -> Iterator[str]:
        """One request; returns the seconds to wait before retrying, or ``None`` when it is done."""
        try:
            with self._client.stream("POST", "/chat/completions", json=payload) as response:
                if response.status_code in _RETRYABLE:
                    response.read()
                    return self._retry_wait(response, attempt)
                if response.status_code >= 400:
                    response.read()
                    # The body may echo the prompt: its length is logged, never its text.
                    log.warning("chat-completions server answered %s (%d bytes)", response.status_code,
                                len(response.content))
                    raise BackendError(f"the server answered HTTP {response.status_code}")
                if payload["stream"]:
                    yield from parse_event_stream(response.iter_lines())
                else:
                    response.read()
                    yield message_content(_json(response))
                return None
        # Messages name no address or system error: they reach users as the reason for a degraded answer.
        except httpx.TimeoutException as exc:
            log.warning("chat-completions server %s timed out: %r", self._client.base_url, exc)
            raise BackendError("the server timed out") from exc
        except httpx.TransportError as exc:
            log.warning("chat-completions server %s unreachable: %r", self._client.base_url, exc)
            raise BackendError("the connection to the server failed") from exc

    def _retry_wait(self, response: httpx.Response, attempt: int) -> float:
        """Seconds to wait before the next attempt; :class:`BackendError` when out of attempts or patience."""
        status = response.status_code
        if attempt >= self.settings.openai_max_retries:
            raise BackendError(f"HTTP {status} from the server after {attempt + 1} attempts")
        wait = retry_after_seconds(response.headers.get("retry-after"))
        wait = self.settings.openai_backoff * 2 ** attempt if wait is None else wait
        if wait > self.settings.openai_max_retry_wait:
            raise BackendError(f"HTTP {status}: the server asks to wait {wait:.0f} s, more than we wait")
        return wait


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError as exc:
        raise BackendError("malformed chat completion: not JSON") from exc
