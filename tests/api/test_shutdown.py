"""``assistant serve`` stops within 15 s of SIGTERM, even with local generations streaming.

A real subprocess on a private index; streams are opened with raw sockets and left open without being
read further, as a client on a slow link would leave them. Before, uvicorn waited for those streams, and
they for the model, which the abandoned answers held for minutes.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port, wait_until_ready

pytestmark = pytest.mark.slow

STREAMS = 8
#: An answer the model takes about 7 s to write: eight of them in a row would take a minute.
QUESTION = "What is being done about clinical trials?"


def start_serve(settings, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
           "ASSISTANT_INDEX_DIR": str(settings.index_dir), "ASSISTANT_FEEDBACK_DB": str(settings.feedback_db),
           "ASSISTANT_LOCAL_QUEUE_SIZE": str(STREAMS)}  # every stream waits for the model
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    wait_until_ready(f"http://127.0.0.1:{port}", process, log=log)
    return process


def open_local_stream(port: int) -> socket.socket:
    """A streamed local answer, read up to its first event (the model is working on it then)."""
    body = json.dumps({"question": QUESTION, "backend": "local"}).encode()
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall((f"POST /api/ask/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {len(body)}\r\n\r\n").encode() + body)
    received = b""
    while b"event: " not in received:
        chunk = sock.recv(4096)
        assert chunk, "the stream closed before its first event"
        received += chunk
    return sock


def read_rest(sock: socket.socket) -> bytes:
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def test_sigterm_stops_the_service_within_15_s_with_local_streams_in_flight(index, settings, tmp_path):
    port, log = free_port(), tmp_path / "serve.log"
    process = start_serve(settings, port, log)
    streams: list[socket.socket] = []
    try:
        streams = [open_local_stream(port) for _ in range(STREAMS)]
        asking = threading.Thread(target=lambda: httpx.post(
            f"http://127.0.0.1:{port}/api/ask", json={"question": "What is the AI Subsidy Scheme?",
                                                       "backend": "local"}, timeout=60), daemon=True)
        asking.start()
        time.sleep(0.5)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running 15 s after SIGTERM\n{log.read_text()[-3000:]}")
        assert time.monotonic() - started < 15
        # Stopped, not cut off: the model work was cancelled, and every open stream got its final answer.
        # Each worker process stops the work of its own requests and says how many.
        stopped = re.findall(r"stopping the work of (\d+) request", log.read_text())
        assert stopped and sum(map(int, stopped)) >= 2, log.read_text()[-3000:]
        assert all(b"event: done" in read_rest(sock) for sock in streams)
    finally:
        for sock in streams:
            sock.close()
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
