"""The red team's wedge attack on the local model, on a real server with the real SmolLM2.

Fifty streamed ``backend=local`` answers are opened and abandoned (one in ten as soon as the request is
sent, the rest after their first event). With a lock around the model this parked 39 of the server's 40
worker threads on it, the next local answer was a 503 after the full timeout, and other users' answers
waited for threads. Now the model has one owner and a bounded queue: abandoned work is cancelled, the
model is released, and answers that do not need the model never wait for it.
"""

from __future__ import annotations

import json
import socket
import threading
import time

import httpx
import pytest

from assistant.api import create_app
from assistant.backends import create_backend
from assistant.service import Assistant
from tests.conftest import LiveServer

pytestmark = pytest.mark.slow

QUESTION = "When will the CorpID Platform be launched?"
ATTACKERS = 50


@pytest.fixture
def local_server(assistant):
    # One model thread: two on two cores that other processes also use can wait on each other for seconds.
    settings = assistant.settings.model_copy(update={"local_threads": 1})
    server = LiveServer(create_app(Assistant(settings, assistant.index, assistant.embedder))).start()
    yield server
    server.stop()


def abandon_streams(port: int, count: int) -> None:
    """Open ``count`` local streams at once; drop one in ten at once, the rest after their first event.

    The first event (``citations``) is sent once the passages are found, just before the model is asked,
    so a client that leaves then leaves a generation behind.
    """
    body = json.dumps({"question": QUESTION, "backend": "local"}).encode()
    head = (f"POST /api/ask/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(head + body)
        sockets.append(sock)
    for number, sock in enumerate(sockets):
        received = b""
        try:
            while number % 10 and b"event: citations" not in received:
                received += sock.recv(4096) or b"closed event: citations"
        except OSError:
            pass
        sock.close()


def ask_meanwhile(url: str, stop: threading.Event, results: list[tuple[str, int, float]]) -> None:
    """Another user's extractive answers and searches, one after another until ``stop``."""
    calls = (("ask", "POST", "/api/ask", {"json": {"question": "How much is the AI Subsidy Scheme?"}}),
             ("search", "GET", "/api/search", {"params": {"q": "CorpID"}}))
    with httpx.Client(base_url=url, timeout=30) as http:
        while not stop.is_set():
            for kind, method, path, options in calls:
                started = time.perf_counter()
                status = http.request(method, path, **options).status_code
                results.append((kind, status, time.perf_counter() - started))


def test_abandoned_local_streams_neither_wedge_the_model_nor_starve_other_answers(local_server, assistant):
    worker = create_backend("local", assistant.settings.model_copy(update={"local_threads": 1})).worker
    stop, others = threading.Event(), []
    meanwhile = [threading.Thread(target=ask_meanwhile, args=(local_server.url, stop, others)) for _ in range(4)]
    for thread in meanwhile:
        thread.start()
    try:
        abandon_streams(local_server.port, ATTACKERS)
        # The abandoned answers are stopped: the model is free again once it has read the prompt in hand.
        started = time.monotonic()
        while not worker.idle:
            assert time.monotonic() - started < 30, "the model is still busy with abandoned answers"
            time.sleep(0.05)
        time.sleep(2)  # the other users go on asking a little longer
    finally:
        stop.set()
        for thread in meanwhile:
            thread.join(timeout=60)
    # Other users' answers that need no model were answered all along, and promptly.
    assert others and all(status == 200 for _, status, _ in others), others
    assert max(seconds for *_, seconds in others) < 5, sorted(others, key=lambda r: -r[2])[:5]
    # A local answer now comes from the model, with no wait for the abandoned ones, and is no 503.
    written = worker.pieces_written
    response = httpx.post(f"{local_server.url}/api/ask", json={"question": QUESTION, "backend": "local"}, timeout=40)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["backend"] == "local" and worker.pieces_written > written
    assert not answer["degraded"] or ("busy" not in answer["reason"] and "in time" not in answer["reason"]), answer
