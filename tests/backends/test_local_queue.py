"""The local model's queue with the real SmolLM2: deadlines, cancellation, a bounded queue, release.

Each test checks that once a request stops, the model stops writing for it: the worker writes no more
than a piece or two after the stop and is then idle, instead of finishing an answer nobody will read
(hundreds of tokens here). Counting pieces rather than timing them keeps the tests exact on a busy
machine, where reading a prompt (which cannot be stopped part-way) can take seconds.
"""

from __future__ import annotations

import json
import socket
import threading
import time

import httpx
import pytest

from assistant.answer.backend import BackendBusy, CancelToken
from assistant.api import create_app
from assistant.backends import ChatMessage, GenerationRequest, create_backend
from assistant.backends.model_worker import ModelWorker
from assistant.service import Assistant
from tests.conftest import LiveServer

pytestmark = pytest.mark.slow

QUICK = GenerationRequest(messages=[ChatMessage(role="user", content="Name one colour.")], max_tokens=8)
#: An answer the model takes about 7 s to write through the pipeline on an idle machine.
LONG_QUESTION = "What is being done about clinical trials?"


def story(cancel: CancelToken | None = None) -> GenerationRequest:
    """A request that keeps the model writing for 600 tokens (about 14 s here)."""
    return GenerationRequest(messages=[ChatMessage(role="user", content="Write a very long story about a dragon "
                                                   "who loves numbers. Make it at least twenty paragraphs.")],
                             max_tokens=600, cancel=cancel or CancelToken())


def local(settings, **changes):
    return create_backend("local", settings.model_copy(update=changes))


@pytest.fixture(scope="module", autouse=True)
def loaded_model(settings):
    """Load the model first, so that no test's deadline is spent loading it."""
    assert "".join(local(settings).generate(QUICK)).strip()


def wait_idle(worker: ModelWorker, limit: float = 60) -> None:
    started = time.monotonic()
    while not worker.idle:
        assert time.monotonic() - started < limit, "the model is still busy"
        time.sleep(0.02)


def written_after(worker: ModelWorker, mark: int) -> int:
    """Pieces the model wrote since ``mark``, once it is idle."""
    wait_idle(worker)
    return worker.pieces_written - mark


def test_a_deadline_stops_the_generation_and_frees_the_model(settings):
    backend = local(settings, local_timeout_seconds=2.0)
    wait_idle(backend.worker)
    started = time.monotonic()
    with pytest.raises(BackendBusy, match="did not finish in time"):
        list(backend.generate(story()))
    assert 2.0 <= time.monotonic() - started < 3.5
    assert written_after(backend.worker, backend.worker.pieces_written) <= 2
    assert "".join(backend.generate(QUICK)).strip()  # and the model answers the next request


def test_cancelling_or_closing_stops_the_generation(settings):
    backend = local(settings)
    wait_idle(backend.worker)
    cancel = CancelToken()
    pieces = backend.generate(story(cancel))
    next(pieces)
    cancel.cancel()
    mark = backend.worker.pieces_written
    with pytest.raises(BackendBusy, match="cancelled"):
        list(pieces)
    assert written_after(backend.worker, mark) <= 2
    pieces = backend.generate(story())
    next(pieces)
    pieces.close()  # what a streamed answer does when its client has gone
    assert written_after(backend.worker, backend.worker.pieces_written) <= 2


def test_a_full_queue_fails_fast_and_a_cancelled_waiter_leaves_it(settings):
    backend = local(settings, local_queue_size=1)
    wait_idle(backend.worker)
    running, waiting = CancelToken(), CancelToken()
    first = backend.generate(story(running))
    next(first)  # on the model now
    second = backend.generate(story(waiting))
    second_result: list[object] = []
    waiter = threading.Thread(target=lambda: second_result.append(_first(second)), daemon=True)
    waiter.start()
    time.sleep(0.3)  # the second is queued behind the first
    started = time.monotonic()
    with pytest.raises(BackendBusy, match="busy"):
        next(backend.generate(story()))
    assert time.monotonic() - started < 0.5
    waiting.cancel()  # the waiter gives up its place at once, without ever reaching the model
    waiter.join(timeout=2)
    assert not waiter.is_alive() and isinstance(second_result[0], BackendBusy)
    third = backend.generate(story())
    third_result: list[object] = []
    taker = threading.Thread(target=lambda: third_result.append(_first(third)), daemon=True)
    taker.start()
    time.sleep(0.3)
    assert not third_result  # taken into the freed place (not refused as busy), waiting for the model
    running.cancel()  # the first stops, and the third has the model
    taker.join(timeout=60)
    assert third_result and isinstance(third_result[0], str)
    third.close()
    first.close()
    wait_idle(backend.worker)


def _first(pieces) -> object:
    try:
        return next(pieces)
    except Exception as exc:
        return exc


def test_busy_answers_fall_back_without_opening_the_circuit(assistant, settings):
    backend = local(settings, local_queue_size=0)
    wait_idle(backend.worker)
    configured = Assistant(backend.settings, assistant.index, assistant.embedder)
    holder = CancelToken()
    held = backend.generate(story(holder))
    next(held)  # the model is busy, and no answer may wait for it
    try:
        for _ in range(configured.settings.breaker_failures + 1):
            answer = configured.ask("When will the CorpID Platform be launched?", backend="local")
            assert answer.degraded and "busy" in answer.reason and "end-2026" in answer.answer
    finally:
        holder.cancel()
        held.close()
    wait_idle(backend.worker)
    answer = configured.ask("When will the CorpID Platform be launched?", backend="local")
    assert "busy" not in (answer.reason or "") and "repeatedly" not in (answer.reason or "")
    assert not configured.backends.breaker("local").is_open


@pytest.fixture
def server_with(assistant):
    started = []

    def start(**changes) -> LiveServer:
        configured = Assistant(assistant.settings.model_copy(update=changes), assistant.index, assistant.embedder)
        started.append(LiveServer(create_app(configured)).start())
        return started[-1]

    yield start
    for server in started:
        server.stop()


def test_an_answer_that_times_out_is_not_computed_in_full(server_with, settings):
    worker = local(settings).worker
    wait_idle(worker)
    server = server_with(request_timeout_seconds=1.0)
    response = httpx.post(f"{server.url}/api/ask", json={"question": LONG_QUESTION, "backend": "local"}, timeout=30)
    assert response.status_code == 503 and response.json()["error"]["code"] == "timeout"
    assert written_after(worker, worker.pieces_written) <= 2


def test_an_abandoned_plain_answer_is_not_computed_in_full(server_with, settings):
    worker = local(settings).worker
    wait_idle(worker)
    server = server_with()
    with pytest.raises(httpx.TimeoutException):  # the client gives up and closes its connection
        httpx.post(f"{server.url}/api/ask", json={"question": LONG_QUESTION, "backend": "local"}, timeout=1.5)
    assert not worker.idle  # the model was still on the answer when the client left
    assert written_after(worker, worker.pieces_written) <= 2


def leave_stream_while_writing(port: int, path: str, body: dict, worker: ModelWorker) -> int:
    """Open a stream, wait until the model is writing its answer, then leave; the pieces written then."""
    data = json.dumps(body).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall((f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                      f"Content-Length: {len(data)}\r\n\r\n").encode() + data)
        received = b""
        while b"data: " not in received:  # the first event: the model is asked next
            chunk = sock.recv(4096)
            assert chunk, received
            received += chunk
        started, mark = time.monotonic(), worker.pieces_written
        while worker.pieces_written < mark + 5:
            assert time.monotonic() - started < 60, "the model never started on the answer"
            time.sleep(0.01)
        return worker.pieces_written


@pytest.mark.parametrize(("path", "body"), [
    ("/api/ask/stream", {"question": LONG_QUESTION, "backend": "local"}),
    ("/v1/chat/completions", {"model": "policy-assistant/local", "stream": True,
                              "messages": [{"role": "user", "content": LONG_QUESTION}]}),
], ids=["api-stream", "openai-stream"])
def test_an_abandoned_stream_is_not_computed_in_full(server_with, settings, path, body):
    worker = local(settings).worker
    wait_idle(worker)
    server = server_with()
    left_at = leave_stream_while_writing(server.port, path, body, worker)
    assert written_after(worker, left_at) <= 5  # the few written while the server learns the client left
