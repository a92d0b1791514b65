"""Rebuilding the index while serving: admin-only, atomic swap, and a failed rebuild changes nothing."""

import gc
import os
import subprocess
import sys
import threading
import time
import weakref

import httpx
import pytest

from assistant.api import create_app
from assistant.config import Settings
from assistant.index.build import IndexBuilder
from assistant.index.loaded import PolicyIndex
from assistant.service import Assistant, index_builder
from tests.conftest import LiveServer

TOKEN = "s3cret-admin-token"
DOCUMENT = "industry-development-and-reform.md"


@pytest.fixture
def served(tmp_path, corpus_copy, embedder):
    """A live server over a private corpus and index, with an admin token."""
    settings = Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "index", admin_token=TOKEN,
                        feedback_db=tmp_path / "feedback.sqlite3")
    index_builder(settings, embedder).build()
    # As `assistant serve` does: the heap settled once warm and after each swap, so that a swap that failed to
    # free the old index's objects would leave them frozen for good (test_a_rebuild_frees_the_previous_index...).
    app = create_app(Assistant(settings, PolicyIndex.load(settings), embedder), settle_heap=True)
    server = LiveServer(app).start()
    server.app = app
    yield server, settings
    server.stop()
    gc.unfreeze()


def wait_for_rebuild(http: httpx.Client) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = http.get("/api/admin/index").json()
        if status["state"] in ("done", "failed"):
            return status
        time.sleep(0.5)  # the rate limit allows 2 a second once its burst is used: a slow build must not run into it
    raise AssertionError("the rebuild did not finish")


def test_admin_endpoints_need_the_token(served, client):
    server, _ = served
    assert httpx.post(f"{server.url}/api/admin/reindex").status_code == 401
    wrong = httpx.post(f"{server.url}/api/admin/reindex", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and wrong.json()["error"]["message"] == "the admin token is not valid"
    # The session's server has no token configured: admin endpoints are off there.
    off = client.get("/api/admin/index", headers={"Authorization": "Bearer anything"})
    assert off.status_code == 403 and "ASSISTANT_ADMIN_TOKEN" in off.json()["error"]["message"]


def test_a_rebuild_swaps_the_new_index_in(served):
    server, settings = served
    document = settings.corpus_dir / DOCUMENT
    document.write_text(document.read_text().replace("10-hectare site", "12-hectare site"))
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30) as http:
        before = http.get("/api/admin/index").json()["serving"]
        assert http.post("/api/admin/reindex").status_code == 202
        status = wait_for_rebuild(http)
        assert status["state"] == "done" and status["embedded"] == 1 and status["serving"] != before
        answer = http.post("/api/ask", json={"question": "How big is the Sandy Ridge data site?"}).json()
        assert "12-hectare" in answer["answer"]


def test_a_rebuild_frees_the_previous_index_and_keeps_the_backends(served):
    server, settings = served
    service = server.app.state.service
    old_index, old_assistant = weakref.ref(service.assistant.index), weakref.ref(service.assistant)
    backends = service.assistant.backends
    document = settings.corpus_dir / DOCUMENT
    document.write_text(document.read_text().replace("10-hectare site", "11-hectare site"))
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30) as http:
        # Everything derived from the index is in use: answers, the scheme finder (and its chat route), search.
        for question in ("How big is the Sandy Ridge data site?", "What funding could my logistics start-up get?"):
            assert http.post("/api/ask", json={"question": question}).status_code == 200
        assert http.get("/api/schemes").status_code == 200 and http.get("/api/search?q=AI").status_code == 200
        assert http.post("/api/admin/reindex").status_code == 202
        assert wait_for_rebuild(http)["state"] == "done"
        server.app.state.reindexer.thread.join(10)
        assert "11-hectare" in http.post("/api/ask", json={"question": "How big is the Sandy Ridge data site?"}
                                          ).json()["answer"]
    gc.collect()
    assert old_assistant() is None and old_index() is None
    fresh = service.assistant
    assert fresh.backends is backends  # the backends and their breakers do not depend on the index
    # Warmed before the swap: the measures are embedded and the figures scanned before any request needs them.
    assert fresh.finder.matcher.warmed


def test_a_failed_rebuild_leaves_the_old_index_serving(served):
    server, settings = served
    (settings.corpus_dir / DOCUMENT).write_text("")  # a document with no text: the build must fail
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30) as http:
        before = http.get("/api/admin/index").json()["serving"]
        http.post("/api/admin/reindex")
        status = wait_for_rebuild(http)
        assert status["state"] == "failed" and "no text" in status["error"] and status["serving"] == before
        answer = http.post("/api/ask", json={"question": "How big is the Sandy Ridge data site?"}).json()
        assert "10-hectare" in answer["answer"]


def test_only_one_rebuild_at_a_time(served, monkeypatch):
    server, _ = served
    release = threading.Event()
    monkeypatch.setattr(IndexBuilder, "build", lambda self, **_: release.wait(10) and None)
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30) as http:
        assert http.post("/api/admin/reindex").status_code == 202
        second = http.post("/api/admin/reindex")
        assert second.status_code == 409 and second.json()["error"]["code"] == "conflict"
        release.set()
        wait_for_rebuild(http)


def test_the_cli_triggers_a_rebuild_and_waits(served):
    server, settings = served
    document = settings.corpus_dir / DOCUMENT
    document.write_text(document.read_text().replace("10-hectare site", "13-hectare site"))
    env = {**os.environ, "ASSISTANT_ADMIN_TOKEN": TOKEN}
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "reindex", "--url", server.url], env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "now serving index" in result.stdout and "1 chunks embedded" in result.stdout
