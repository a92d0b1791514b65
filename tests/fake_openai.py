"""A chat-completions server on 127.0.0.1 for tests: the real protocol over a real socket.

By default it plays a tiny deterministic "model" that answers from the numbered sources in the prompt:
the first sentence of source [1], cited. A test queues scripted replies to inject faults: an HTTP status
with headers, a stall longer than the client's read timeout, a malformed event stream, a dropped
connection, or a given answer text. Every request body is recorded. Another "model" plugs in as
``answerer`` (``tests/obedient_openai.py``: one that follows instructions injected into the question).
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """One scripted reply; ``kind`` is ok | status | stall | malformed | drop | garbage-json."""

    kind: str = "ok"
    content: str | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def default_answer(messages: list[dict]) -> str:
    """The first sentence of source [1] in the last message, cited: a model that always grounds."""
    prompt = messages[-1]["content"]
    match = re.search(r"^\[1\] (.+?)(?: \([A-Za-z, ]+\))?(?: Responsible: .*)? \(Section: .*\)$", prompt, re.MULTILINE)
    if not match:
        return "The document does not answer this."
    passage = match.group(1).strip()
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", passage)[0].rstrip(".")
    return f"{first} [1]."


class FakeOpenAI:
    """Start with :meth:`start`, point the backend at :attr:`base_url`, stop with :meth:`stop`."""

    #: How a streamed answer is cut into events: here each word with the space after it.
    stream_pieces = re.compile(r"\S+\s*")

    def __init__(self, answerer: Callable[[list[dict]], str] = default_answer) -> None:
        self.answerer = answerer
        self.script: list[Reply] = []
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with fake._lock:
                    fake.requests.append(body)
                    reply = fake.script.pop(0) if fake.script else Reply()
                # The client may give up first (a stall test): that is the point, not an error.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    fake._respond(self, body, reply)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> FakeOpenAI:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _respond(self, handler: BaseHTTPRequestHandler, body: dict, reply: Reply) -> None:
        if reply.kind == "drop":
            handler.connection.shutdown(socket.SHUT_RDWR)
            handler.close_connection = True
            return
        if reply.kind == "stall":
            time.sleep(reply.seconds)
        if reply.kind == "status":
            _send(handler, reply.status, b'{"error": {"message": "scripted failure"}}', "application/json",
                  reply.headers)
            return
        content = reply.content if reply.content is not None else self.answerer(body.get("messages", []))
        if body.get("stream"):
            self._stream(handler, content, reply)
        elif reply.kind == "garbage-json":
            _send(handler, 200, b"<html>not json</html>", "text/html")
        else:
            payload = {"id": "fake", "object": "chat.completion", "created": 0, "model": body.get("model"),
                       "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                    "finish_reason": "stop"}]}
            _send(handler, 200, json.dumps(payload).encode(), "application/json")

    def _stream(self, handler: BaseHTTPRequestHandler, content: str, reply: Reply) -> None:
        handler.send_response(200)
        handler.send_header("content-type", "text/event-stream")
        handler.send_header("connection", "close")
        handler.end_headers()
        words = self.stream_pieces.findall(content)
        for word in words:
            chunk = {"choices": [{"index": 0, "delta": {"content": word}}]}
            handler.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            handler.wfile.flush()
        if reply.kind == "malformed":
            handler.wfile.write(b"data: {this is not json\n\n")
        handler.wfile.write(b"data: [DONE]\n\n")
        handler.wfile.flush()
        handler.close_connection = True


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str,
          headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    handler.send_header("content-type", content_type)
    handler.send_header("content-length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)
