"""The API reference at /docs works with nothing but this service: no CDN, no inline script, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser



def test_the_reference_loads_only_from_this_service(client):
    response = client.get("/docs")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-eval" not in policy
    sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.text), "no inline script"
    for source in sources:
        assert client.get(source).status_code == 200, source


@pytest.mark.parametrize("name", ["index.html", "..%2F..%2F__init__.py", "swagger-ui.js.map"])
def test_only_the_files_the_page_needs_are_served(client, name):
    assert client.get(f"/docs/assets/{name}").status_code == 404


def test_no_page_depends_on_a_cdn(client):
    assert client.get("/redoc").status_code == 404


def test_the_reference_lists_the_api_and_runs_a_request(widget_service, page):
    page.goto(f"{widget_service.url}/docs")
    ask = page.locator(".opblock-post", has=page.locator(".opblock-summary-path", has_text=re.compile(r"^/api/ask$")))
    expect(ask).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/schemes/match")).to_be_visible()
    ask.locator(".opblock-summary").click()
    ask.get_by_role("button", name="Try it out").click()
    ask.locator("textarea.body-param__text").fill('{"question": "Which bureau runs the AI Subsidy Scheme?"}')
    ask.get_by_role("button", name="Execute").click()
    response = ask.locator(".live-responses-table .response-col_description .microlight").first
    expect(response).to_contain_text('"citations"')
    expect(response).to_contain_text("Innovation, Technology and Industry Bureau")
    screenshot(page, "api-docs-desktop")
