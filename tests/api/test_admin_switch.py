"""``POST /api/admin/switch`` over real servers: every answer endpoint of every replica stops and starts again."""

from __future__ import annotations

import time

import httpx
import pytest
from pydantic import SecretStr

TOKEN = "switch-tests-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUESTION = {"question": "Who runs the CorpID Platform?"}
CHAT = {"messages": [{"role": "user", "content": "Who runs the CorpID Platform?"}]}


def answer_statuses(url: str) -> list[tuple[int, dict]]:
    """Status and error (if any) of each answer endpoint, streamed and not."""
    with httpx.Client(base_url=url, timeout=60) as http:
        replies = [http.post("/api/ask", json=QUESTION), http.post("/api/ask/stream", json=QUESTION),
                   http.post("/v1/chat/completions", json=CHAT),
                   http.post("/v1/chat/completions", json={**CHAT, "stream": True})]
    return [(r.status_code, r.json()["error"] if r.status_code != 200 else {}) for r in replies]


@pytest.fixture
def replicas(server_with, tmp_path):
    """Two servers sharing one store (the SQLite file), as replicas share their database."""
    shared = {"feedback_db": tmp_path / "shared.sqlite3", "admin_token": SecretStr(TOKEN)}
    return server_with(**shared), server_with(**shared)


def test_the_switch_stops_every_answer_endpoint_on_every_replica_and_restores_them(replicas):
    one, other = replicas
    off = httpx.post(one.url + "/api/admin/switch", headers=AUTH,
                     json={"answers": False, "message": "Paused while we fix an error.", "reason": "incident 7"})
    assert off.status_code == 200 and off.json()["answers"] is False
    started = time.monotonic()
    for server in (one, other):
        while (statuses := answer_statuses(server.url))[0][0] != 503 and time.monotonic() - started < 10:
            time.sleep(0.2)
        assert statuses == [(503, {"code": "switched_off", "message": "Paused while we fix an error."})] * 4
    assert time.monotonic() - started < 10
    # What is not an answer still works: health, search, the models list.
    assert httpx.get(other.url + "/api/search", params={"q": "CorpID"}).status_code == 200
    assert httpx.get(other.url + "/v1/models").status_code == 200

    assert httpx.post(other.url + "/api/admin/switch", headers=AUTH, json={"answers": True}).status_code == 200
    started = time.monotonic()
    for server in (one, other):
        while answer_statuses(server.url)[0][0] != 200 and time.monotonic() - started < 10:
            time.sleep(0.2)
        assert [status for status, _ in answer_statuses(server.url)] == [200] * 4

    audit = httpx.get(one.url + "/api/admin/audit", headers=AUTH).json()["entries"]
    switches = [e for e in audit if e["action"] == "switch"]
    assert [e["detail"]["answers"] for e in switches] == [False, True]
    assert switches[0]["detail"]["reason"] == "incident 7"
    assert switches[0]["actor"].startswith("token:") and TOKEN not in str(audit)


def test_the_switch_needs_the_admin_token(replicas):
    one, _ = replicas
    assert httpx.post(one.url + "/api/admin/switch", json={"answers": False}).status_code == 401
    wrong = httpx.post(one.url + "/api/admin/switch", json={"answers": False},
                       headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 403
    assert httpx.post(one.url + "/api/ask", json=QUESTION).status_code == 200
    bad = httpx.post(one.url + "/api/admin/switch", headers=AUTH, json={"answers": "maybe"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"


def test_a_refused_answer_and_an_answer_about_a_measure_carry_next_steps(client):
    refused = client.post("/api/ask", json={"question": "What is the best pizza topping in Naples?"}).json()
    assert refused["refused"] and "tel:1823" in [s["url"] for s in refused["next_steps"]]
    answered = client.post("/api/ask", json=QUESTION).json()
    assert not answered["refused"] and answered["next_steps"]
    cited = {b["code"] for c in answered["citations"] for b in c["bureaux"]}
    assert cited and all(s["url"].startswith(("https://", "tel:", "mailto:")) for s in answered["next_steps"])
