"""Server-sent events: one event per ``event:``/``data:`` block, data as JSON; and streaming them.

>>> sse("delta", {"text": "Hi"})
'event: delta\\ndata: {"text": "Hi"}\\n\\n'
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterator

from assistant.answer.backend import CancelToken

#: Headers for an event stream: no caching, and no buffering by a reverse proxy such as nginx.
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def sse(event: str | None, data: object) -> str:
    """One server-sent event; without ``event`` it is a plain ``data:`` message (as OpenAI streams)."""
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {payload}\n\n"


async def stream_events(events: AsyncGenerator[str, None], cancel: CancelToken) -> AsyncIterator[str]:
    """``events`` for a ``StreamingResponse``.

    However the stream ends (finished, the client gone, the server stopping), ``cancel`` is cancelled and
    ``events`` closed at once, so the work behind it (a model generating) stops now rather than whenever
    the abandoned generator is garbage-collected.
    """
    try:
        async for event in events:
            yield event
    finally:
        cancel.cancel()
        await events.aclose()
