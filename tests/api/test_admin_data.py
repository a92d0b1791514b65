"""The conversation log over a real server: every answer endpoint logs, export as JSON lines and CSV, erasure."""

from __future__ import annotations

import csv
import io
import json
import uuid

import httpx
import pytest
from pydantic import SecretStr

TOKEN = "data-tests-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def service(server_with, tmp_path):
    return server_with(feedback_db=tmp_path / "store.sqlite3", admin_token=SecretStr(TOKEN))


def end_user(http: httpx.Client) -> tuple[str, dict]:
    """A signed end-user token, and the header that sends it."""
    token = http.post("/api/identity").json()["token"]
    return token, {"X-End-User-Token": token}


def exported(http: httpx.Client, fmt: str = "jsonl") -> list[dict]:
    reply = http.get("/api/admin/conversations/export", params={"format": fmt}, headers=AUTH)
    assert reply.status_code == 200, reply.text
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(reply.text)))
    return [json.loads(line) for line in reply.text.splitlines()]


def test_every_answer_endpoint_logs_redacted_and_erasure_removes_one_end_user(service):
    with httpx.Client(base_url=service.url, timeout=60) as http:
        token, mine = end_user(http)
        _, theirs = end_user(http)
        question = "Who runs the CorpID Platform?"
        assert http.post("/api/ask", json={"question": question}, headers=mine).status_code == 200
        http.post("/api/ask/stream", json={"question": "What is the capital of Peru?"}, headers=mine).read()
        http.post("/api/ask", json={"question": "My HKID is A123456(3), who runs CorpID?"}, headers=theirs)
        http.post("/v1/chat/completions", headers=theirs,
                  json={"messages": [{"role": "user", "content": question}]})
        answer = http.post("/api/ask", json={"question": question}).json()  # anonymous: no end user
        feedback = {"answer_id": uuid.uuid4().hex, "rating": "down", "question": question, "answer": answer["answer"]}
        assert http.post("/api/feedback", json=feedback, headers=mine).status_code == 201

        rows = exported(http)
        assert [r["outcome"] for r in rows] == ["answered", "refused", "refused", "answered", "answered"]
        assert not any("A123456" in r["question"] for r in rows)
        assert rows[0]["citations"] and rows[0]["backend"] == "extractive" and rows[0]["latency_ms"] > 0
        users = [r["end_user"] for r in rows]
        assert users[0] == users[1] != users[2] == users[3] and users[4] is None
        assert users[0].startswith("token:") and token not in json.dumps(rows)
        assert [r["outcome"] for r in exported(http, "csv")] == [r["outcome"] for r in rows]

        erased = http.delete(f"/api/admin/end-users/{token}", headers=AUTH)
        assert erased.status_code == 200 and erased.json()["removed"] == {"conversations": 2, "feedback": 1}
        after = exported(http)
        assert users[0] not in [r["end_user"] for r in after] and len(after) == 3
        feedback_rows = http.get("/api/feedback/export", params={"format": "jsonl"}, headers=AUTH).text
        assert feedback_rows.strip() == ""
        audit = http.get("/api/admin/audit", headers=AUTH).json()["entries"]
        assert "erase_end_user" in [e["action"] for e in audit] and token not in json.dumps(audit)


def test_the_log_and_erasure_need_the_admin_token(service):
    with httpx.Client(base_url=service.url, timeout=30) as http:
        assert http.get("/api/admin/conversations/export").status_code == 401
        assert http.delete("/api/admin/end-users/someone").status_code == 401
        assert http.delete("/api/admin/end-users/someone", headers={"Authorization": "Bearer no"}).status_code == 403
