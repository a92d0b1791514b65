"""``POST /api/feedback`` and ``GET /api/feedback/export`` over a real server with its own SQLite file."""

from __future__ import annotations

import csv
import io
import json
import uuid

import httpx
import pytest
from pydantic import SecretStr

from assistant.api import create_app
from assistant.service import Assistant
from assistant.store.feedback import COLUMNS
from tests.conftest import LiveServer

ADMIN_TOKEN = "feedback-tests-admin-token"
AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture(scope="module")
def feedback_settings(settings, tmp_path_factory):
    """The test settings with their own feedback file and an admin token."""
    # Every request comes from one loopback address: the per-client rate limit is not what is tested here.
    return settings.model_copy(update={
        "feedback_db": tmp_path_factory.mktemp("feedback") / "feedback.sqlite3", "admin_token": SecretStr(ADMIN_TOKEN),
        "rate_limit_per_minute": 1e6, "rate_limit_burst": 1_000_000})


@pytest.fixture(scope="module")
def feedback_service(feedback_settings, index, embedder):
    """The real app over the real index, with those settings."""
    server = LiveServer(create_app(Assistant(feedback_settings, index, embedder))).start()
    yield server
    server.stop()


@pytest.fixture
def client_for(feedback_service):
    with httpx.Client(base_url=feedback_service.url, timeout=30) as http:
        yield http


@pytest.fixture
def rating(client_for) -> dict:
    """A rating of a real answer, as the widget sends it, with an answer id unique to the test."""
    answer = client_for.post("/api/ask", json={"question": "Who runs the CorpID Platform?"}).json()
    return {"answer_id": uuid.uuid4().hex, "rating": "up", "question": "Who runs the CorpID Platform?",
            "query": answer["query"], "answer": answer["answer"], "backend": answer["backend"],
            "refused": answer["refused"], "degraded": answer["degraded"],
            "citations": [{k: c[k] for k in ("n", "id", "section", "text", "bureaux")} for c in answer["citations"]]}


def export(http: httpx.Client, fmt: str) -> httpx.Response:
    return http.get("/api/feedback/export", params={"format": fmt}, headers=AUTH)


def test_feedback_is_stored_and_exported(client_for, rating):
    stored = client_for.post("/api/feedback", json={**rating, "comment": "Clear and cited."})
    assert stored.status_code == 201
    receipt = stored.json()
    assert receipt["id"] >= 1 and receipt["created_at"].endswith("+00:00")
    lines = export(client_for, "jsonl")
    assert lines.status_code == 200 and lines.headers["content-type"] == "application/x-ndjson"
    assert lines.headers["cache-control"] == "no-store"
    rows = [json.loads(line) for line in lines.text.splitlines()]
    [row] = [r for r in rows if r["answer_id"] == rating["answer_id"]]
    assert row == {**rating, "comment": "Clear and cited.", "id": receipt["id"], "created_at": receipt["created_at"],
                   "feedback_id": None}
    table = export(client_for, "csv")
    assert table.status_code == 200 and table.headers["content-type"].startswith("text/csv")
    assert 'filename="feedback.csv"' in table.headers["content-disposition"]
    records = list(csv.DictReader(io.StringIO(table.text)))
    assert list(records[0]) == list(COLUMNS)
    [record] = [r for r in records if r["answer_id"] == rating["answer_id"]]
    assert record["answer"] == rating["answer"] and record["rating"] == "up" and record["refused"] == "0"
    assert json.loads(record["citations"]) == rating["citations"]


def test_a_retried_rating_with_its_client_id_is_stored_once(client_for, rating):
    sent = {**rating, "feedback_id": uuid.uuid4().hex}
    first, retry = (client_for.post("/api/feedback", json=sent) for _ in range(2))
    assert first.status_code == retry.status_code == 201 and first.json() == retry.json()
    rows = [json.loads(line) for line in export(client_for, "jsonl").text.splitlines()]
    assert [r["feedback_id"] for r in rows if r["answer_id"] == rating["answer_id"]] == [sent["feedback_id"]]


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client_for, rating):
    formula = '=HYPERLINK("http://evil.example","click")'
    assert client_for.post("/api/feedback", json={**rating, "comment": formula}).status_code == 201
    [record] = [r for r in csv.DictReader(io.StringIO(export(client_for, "csv").text))
                if r["answer_id"] == rating["answer_id"]]
    assert record["comment"] == "'" + formula
    [row] = [json.loads(line) for line in export(client_for, "jsonl").text.splitlines()
             if rating["answer_id"] in line]
    assert row["comment"] == formula  # JSON lines keep exactly what the user wrote


@pytest.mark.parametrize(("change", "field"), [
    ({"rating": "meh"}, "rating"), ({"question": "  "}, "question"), ({"comment": "x" * 2001}, "comment"),
    ({"answer_id": "<script>"}, "answer_id"), ({"surprise": 1}, "surprise"), ({"citations": [{"n": 1}]}, "citations"),
    ({"answer": "a" * 8001}, "answer")])
def test_invalid_feedback_is_refused_with_a_reason(client_for, rating, change, field):
    response = client_for.post("/api/feedback", json={**rating, **change})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request" and field in response.json()["error"]["message"]


def test_feedback_without_a_body_or_with_broken_json(client_for):
    assert client_for.post("/api/feedback").status_code == 422
    broken = client_for.post("/api/feedback", content=b"{not json", headers={"content-type": "application/json"})
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "malformed_json"


@pytest.mark.parametrize(("headers", "status"), [
    ({}, 401), ({"Authorization": "Bearer"}, 401), ({"Authorization": f"Basic {ADMIN_TOKEN}"}, 401),
    ({"Authorization": "Bearer wrong-token"}, 403), ({"Authorization": f"Bearer {ADMIN_TOKEN}x"}, 403),
    ({"Authorization": f"Bearer {ADMIN_TOKEN[:-1]}"}, 403)])
def test_the_export_needs_the_admin_token(client_for, headers, status):
    for fmt in ("csv", "jsonl"):
        response = client_for.get("/api/feedback/export", params={"format": fmt}, headers=headers)
        assert response.status_code == status and "error" in response.json()
        if status == 401:
            assert response.headers["www-authenticate"] == "Bearer"


def test_the_export_format_is_checked(client_for):
    response = client_for.get("/api/feedback/export", params={"format": "xlsx"}, headers=AUTH)
    assert response.status_code == 422 and "format" in response.json()["error"]["message"]


def test_the_export_is_disabled_without_an_admin_token(client):
    # The shared server has no admin token configured: no token opens the export.
    response = client.get("/api/feedback/export", headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403 and "ASSISTANT_ADMIN_TOKEN" in response.json()["error"]["message"]


def test_feedback_survives_a_restart(feedback_settings, index, embedder, client_for, rating):
    assert client_for.post("/api/feedback", json=rating).status_code == 201
    # A second service on the same file: a new app with a new store, as after a restart.
    restarted = LiveServer(create_app(Assistant(feedback_settings, index, embedder))).start()
    try:
        with httpx.Client(base_url=restarted.url, timeout=30) as http:
            assert rating["answer_id"] in export(http, "jsonl").text
            assert http.post("/api/feedback", json={**rating, "rating": "down"}).status_code == 201
        ratings = [json.loads(line)["rating"] for line in export(client_for, "jsonl").text.splitlines()
                   if rating["answer_id"] in line]
        assert ratings == ["up", "down"]
    finally:
        restarted.stop()


def test_an_unwritable_database_is_a_503_not_a_lost_row(settings, index, embedder, tmp_path, rating):
    (tmp_path / "taken").write_text("a file where the database folder should be")
    broken = settings.model_copy(update={"feedback_db": tmp_path / "taken" / "feedback.sqlite3"})
    server = LiveServer(create_app(Assistant(broken, index, embedder))).start()
    try:
        response = httpx.post(server.url + "/api/feedback", json=rating, timeout=30)
        assert response.status_code == 503 and response.headers["retry-after"] == "2"
        assert response.json()["error"]["code"] == "unavailable"
    finally:
        server.stop()


def test_personal_data_in_feedback_is_not_stored(tmp_path):
    from assistant.store.feedback import Feedback, FeedbackStore

    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    store.add(Feedback(answer_id="a1", rating="down", question="I am A123456(3), is CorpID for me?",
                       comment="call me on 9123 4567", answer="It launches in end-2026 [1]."))
    [row] = list(store.rows())
    assert "A123456" not in str(row) and "9123 4567" not in str(row)
    assert "[HKID number]" in row["question"] and "[phone number]" in row["comment"]
