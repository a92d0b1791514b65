"""Server-sent events: one event per ``event:``/``data:`` block, data as JSON.

>>> sse("delta", {"text": "Hi"})
'event: delta\\ndata: {"text": "Hi"}\\n\\n'
"""

from __future__ import annotations

import json

#: Headers for an event stream: no caching, and no buffering by a reverse proxy such as nginx.
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def sse(event: str | None, data: object) -> str:
    """One server-sent event; without ``event`` it is a plain ``data:`` message (as OpenAI streams)."""
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {payload}\n\n"
