"""``GET /api/admin/analytics`` and ``/admin`` over a real server: refused without the token, counts with it."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

TOKEN = "analytics-tests-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ANSWERED = ["Who runs the CorpID Platform?", "What does the AI Subsidy Scheme support?"]
REFUSED = ["What is the best pizza topping in Naples?", "Which pizza place in Naples is the best?",
           "How do I bake sourdough bread at home?"]


@pytest.fixture(scope="module")
def service(settings, index, embedder, tmp_path_factory):
    from assistant.api import create_app
    from assistant.service import Assistant
    from tests.conftest import LiveServer

    configured = settings.model_copy(update={"feedback_db": tmp_path_factory.mktemp("analytics") / "store.sqlite3",
                                             "admin_token": SecretStr(TOKEN)})
    server = LiveServer(create_app(Assistant(configured, index, embedder))).start()
    with httpx.Client(base_url=server.url, timeout=60) as http:
        for question in [*ANSWERED, *REFUSED, "My HKID is A123456(3). Where do I buy pizza?"]:
            assert http.post("/api/ask", json={"question": question}).status_code == 200
    yield server
    server.stop()


def test_without_the_token_both_refuse(service):
    assert httpx.get(service.url + "/api/admin/analytics").status_code == 401
    assert httpx.get(service.url + "/api/admin/analytics", headers={"Authorization": "Bearer no"}).status_code == 403
    page = httpx.get(service.url + "/admin")
    assert page.status_code == 401 and "<form" in page.text and "set-cookie" not in page.headers
    assert httpx.get(service.url + "/admin", cookies={"assistant_admin": "9999999999.forged"}).status_code == 401


def test_the_analytics_count_the_questions_and_list_the_refused_ones_redacted(service):
    report = httpx.get(service.url + "/api/admin/analytics", params={"days": 1}, headers=AUTH, timeout=60).json()
    assert report["totals"]["questions"] == 6
    assert report["totals"]["answered"] == 2 and report["totals"]["refused"] == 4
    assert report["rates"]["refused"] == pytest.approx(4 / 6, abs=1e-3)
    assert report["per_day"][-1]["questions"] == 6 and len(report["per_day"]) == 1
    refused = [row["question"] for row in report["refused"]]
    assert set(REFUSED) <= set(refused) and not any("A123456" in q for q in refused)
    assert report["latency_ms"]["p50"] > 0 and report["latency_ms"]["p95"] >= report["latency_ms"]["p50"]
    assert report["top_sections"] and report["languages"] == [{"name": "en", "count": 6}]
    # The two questions about pizza in Naples make one gap, the bread question another; each gap names the
    # passages nearest to it.
    gaps = report["content_gaps"]
    naples = next(g for g in gaps if REFUSED[0] in g["examples"])
    assert naples["size"] == 2 and set(naples["examples"]) == set(REFUSED[:2]) and naples["nearest"]
    assert gaps[0] is naples and sum(g["size"] for g in gaps) == 4
    assert {"id", "section", "text", "score"} <= set(naples["nearest"][0])


def test_the_dashboard_draws_a_chart_and_its_table_and_opens_a_strict_session(service):
    page = httpx.get(service.url + "/admin", headers=AUTH, timeout=60)
    assert page.status_code == 200
    assert page.text.count("<svg") >= 3 and page.text.count("<table") >= 4 and "<script" not in page.text
    assert "What is the best pizza topping in Naples?" in page.text and "A123456" not in page.text
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/admin" in cookie
    session = page.cookies["assistant_admin"]
    again = httpx.get(service.url + "/admin", cookies={"assistant_admin": session}, timeout=60)
    assert again.status_code == 200 and "<svg" in again.text
    # The session is for the dashboard only: the admin API still wants the token.
    assert httpx.get(service.url + "/api/admin/analytics", cookies={"assistant_admin": session}).status_code == 401


def test_the_sign_in_form_sets_the_session_and_a_wrong_token_does_not(service):
    with httpx.Client(base_url=service.url, timeout=60) as http:
        wrong = http.post("/admin/session", data={"token": "not-it"})
        assert wrong.status_code == 403 and "not valid" in wrong.text and "assistant_admin" not in http.cookies
        right = http.post("/admin/session", data={"token": TOKEN})
        assert right.status_code == 303 and right.headers["location"] == "/admin"
        assert http.get("/admin").status_code == 200
