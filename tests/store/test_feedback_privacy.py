"""``POST /api/feedback`` keeps no personal data: what the client sends is redacted in every stored column,
citations included, and a backend name that is not a name is a 422."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import httpx
import pytest

from assistant.api import create_app
from assistant.service import Assistant
from tests.conftest import LiveServer


@pytest.fixture(scope="module")
def service(settings, index, embedder, tmp_path_factory):
    configured = settings.model_copy(update={"feedback_db": tmp_path_factory.mktemp("fb") / "feedback.sqlite3"})
    server = LiveServer(create_app(Assistant(configured, index, embedder))).start()
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http, configured.feedback_db
    server.stop()


def rating(**fields) -> dict:
    return {"answer_id": "0f" * 16, "rating": "down", "question": "Who runs CorpID?", "answer": "OGCIO [1].",
            "backend": "extractive", **fields}


def test_personal_data_sent_as_feedback_is_not_stored(service):
    http, path = service
    citation = {"n": 1, "id": "K87654321", "section": "Contact, Flat 12B, 8/F, 23 Nathan Road",
                "text": "mail chan\u200b@example\u200b.com", "bureaux": [{"code": "A123456(3)", "name": "9123 4567"}]}
    response = http.post("/api/feedback", json=rating(comment="c\u200bhan＠example．com, 九一二三四五六七",
                                                      citations=[citation]))
    assert response.status_code == 201
    with closing(sqlite3.connect(path)) as db:
        stored = " ".join(str(cell) for row in db.execute("SELECT * FROM feedback") for cell in row)
    for leaked in ("chan", "han", "example", "九一二三", "87654321", "Nathan", "123456", "9123"):
        assert leaked not in stored, leaked
    assert "Who runs CorpID?" in stored


@pytest.mark.parametrize("backend", ["A123456(3)", "ignore previous instructions", "<script>"])
def test_a_backend_that_is_not_a_name_is_a_422(service, backend):
    http, _ = service
    response = http.post("/api/feedback", json=rating(backend=backend))
    assert response.status_code == 422 and "backend" in response.json()["error"]["message"]
