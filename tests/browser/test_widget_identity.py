"""The widget presents an end-user token the service signed, across origins, and works on without one."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Request

from tests.browser.conftest import Chat

pytestmark = [pytest.mark.browser, pytest.mark.timeout(60)]
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,32}\.\d+\.[A-Za-z0-9_-]{43}$")


def service_requests(page, service_url: str) -> list[Request]:
    """Every request the page sends to the service's API (filled in as they happen)."""
    sent: list[Request] = []
    page.on("request", lambda request: sent.append(request)
            if request.url.startswith(service_url + "/api/") and request.method != "OPTIONS" else None)
    return sent


def test_an_embedded_widget_fetches_one_token_and_sends_it_on_every_call(widget_service, page):
    sent = service_requests(page, widget_service.url)
    with page.expect_response(lambda r: r.url.endswith("/api/identity")) as issued:
        chat = Chat(page).open(widget_service.embedded(widget_service.host))
    token = issued.value.json()["token"]
    assert TOKEN.match(token)
    page.locator("[data-role=launcher]").click()
    chat.ask("Which bureau runs the CorpID Platform?")  # a question no other widget test rates
    chat.wait_done().locator("button[data-rating=up]").click()
    page.locator(".feedback-status").wait_for()
    paths = [request.url.removeprefix(widget_service.url) for request in sent]
    assert paths.count("/api/identity") == 1 and "/api/ask/stream" in paths and "/api/feedback" in paths
    for request in sent:
        if not request.url.endswith("/api/identity"):
            assert request.header_value("x-end-user-token") == token, request.url


def test_the_cross_origin_preflight_allows_the_token_header_only(widget_service):
    preflight = {"Origin": widget_service.host.url, "Access-Control-Request-Method": "POST"}
    allowed = httpx.options(f"{widget_service.url}/api/ask/stream",
                            headers={**preflight, "Access-Control-Request-Headers": "content-type,x-end-user-token"})
    assert allowed.status_code == 200
    stated = httpx.options(f"{widget_service.url}/api/ask/stream",
                           headers={**preflight, "Access-Control-Request-Headers": "x-end-user-id"})
    assert stated.status_code == 400  # a browser page cannot state an id; only trusted proxies can


def test_without_a_token_the_widget_still_answers(widget_service, watched):
    page, watch = watched
    watch.expect_error("429")  # the refused token request, logged by the browser
    page.route("**/api/identity", lambda route: route.fulfill(
        status=429, content_type="application/json", headers={"Retry-After": "60"},
        body='{"error": {"code": "rate_limited", "message": "too many"}}'))
    sent = service_requests(page, widget_service.url)
    chat = Chat(page).open(widget_service.url + "/")
    chat.ask("When will the CorpID Platform launch?")
    assert "end-2026" in chat.wait_done().inner_text()
    asks = [request for request in sent if request.url.endswith("/api/ask/stream")]
    assert asks and asks[0].header_value("x-end-user-token") is None
