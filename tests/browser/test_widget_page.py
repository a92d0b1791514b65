"""What the service sends for the widget, over HTTP: the page and its CSP, the script, CORS, the palette."""

from __future__ import annotations

import re

import httpx
import pytest

from assistant.api.routes.pages import STATIC_DIR
from assistant.config import Settings
from tests.browser.conftest import ADMIN_TOKEN

pytestmark = pytest.mark.browser



def test_the_page_has_a_strict_content_security_policy(client):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    policy = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    assert policy["default-src"] == "'none'" and policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["connect-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert response.headers["x-content-type-options"] == "nosniff"
    html = response.text
    assert '<script src="widget.js" defer></script>' in html and '<policy-assistant mode="page" lang="en">' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script"
    assert " style=" not in html and "<style" not in html, "no inline style"
    assert "Industry Development and Reform" in html


@pytest.mark.parametrize(("path", "media_type"), [("/widget.js", "text/javascript"), ("/widget.css", "text/css"),
                                                  ("/page.css", "text/css"), ("/favicon.svg", "image/svg+xml")])
def test_the_assets_are_served(client, path, media_type):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_widget_never_parses_data_as_html():
    script = (STATIC_DIR / "widget.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                 "setAttribute(\"style\"", ".style."):
        assert sink not in script, sink
    assert "attachShadow" in script and "document.currentScript" in script


def test_the_widget_config(client, settings):
    config = client.get("/api/widget").json()
    assert config["title"] == "Industry Development and Reform"
    assert config["starters"] == settings.starter_questions
    assert config["schemes"] == ("/api/schemes/match" in client.get("/openapi.json").json()["paths"])


def test_every_starter_question_is_answered(assistant, settings):
    for question in settings.starter_questions:
        answer = assistant.ask(question)
        assert not answer.refused and answer.citations, question


def test_cors_allows_only_the_configured_origins(widget_service):
    allowed, other = widget_service.host.url, widget_service.stranger.url
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    for path in ("/api/ask/stream", "/api/feedback"):
        ok = httpx.options(widget_service.url + path, headers={"Origin": allowed, **preflight})
        assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == allowed
        refused = httpx.options(widget_service.url + path, headers={"Origin": other, **preflight})
        assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    answer = httpx.post(widget_service.url + "/api/ask", json={"question": "Who runs CorpID?"},
                        headers={"Origin": allowed}, timeout=30)
    assert answer.headers["access-control-allow-origin"] == allowed
    # The admin export is not for browsers on other sites: its Authorization header is not allowed.
    export = httpx.options(widget_service.url + "/api/feedback/export", headers={
        "Origin": allowed, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"})
    assert export.status_code == 400
    direct = httpx.get(widget_service.url + "/api/feedback/export", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert direct.status_code == 200


def test_without_configured_origins_there_is_no_cors(client):
    response = client.post("/api/ask", json={"question": "Who runs CorpID?"}, headers={"Origin": "http://example.org"})
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers


def test_cors_origins_from_the_environment(monkeypatch):
    monkeypatch.setenv("ASSISTANT_CORS_ORIGINS", "https://www.gov.hk/, http://127.0.0.1:8080")
    assert Settings().cors_origins == ["https://www.gov.hk", "http://127.0.0.1:8080"]
    monkeypatch.setenv("ASSISTANT_CORS_ORIGINS", "")
    assert Settings().cors_origins == []


# ---------------------------------------------------------------- colour contrast of the palette

def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


PALETTE = dict(re.findall(r"--pa-([\w-]+):\s*(#[0-9a-f]{6});", (STATIC_DIR / "widget.css").read_text()))
#: (foreground, background, minimum): text needs 4.5:1; control borders and the focus ring 3:1 (WCAG 1.4.11).
PAIRS = [
    ("text", "bg", 4.5), ("text", "surface", 4.5), ("muted", "bg", 4.5), ("muted", "surface", 4.5),
    ("on-primary", "primary", 4.5), ("on-primary", "primary-dark", 4.5), ("on-primary", "muted", 4.5),
    ("primary", "bg", 4.5), ("primary", "surface", 4.5), ("cite-text", "cite-bg", 4.5),
    ("notice-text", "notice-bg", 4.5), ("error-text", "error-bg", 4.5), ("primary", "error-bg", 4.5),
    ("border", "bg", 3.0), ("border", "surface", 3.0), ("focus", "bg", 3.0), ("focus", "surface", 3.0),
]


@pytest.mark.parametrize(("foreground", "background", "minimum"), PAIRS)
def test_palette_meets_wcag_aa(foreground, background, minimum):
    assert contrast(PALETTE[foreground], PALETTE[background]) >= minimum


def test_page_colours_meet_wcag_aa():
    css = (STATIC_DIR / "page.css").read_text()
    texts = re.findall(r"(?<![-\w])color: (#[0-9a-f]{6})", css)
    backgrounds = re.findall(r"background: (#[0-9a-f]{6})", css)
    assert len(texts) >= 2 and backgrounds
    assert all(contrast(text, background) >= 4.5 for text in texts for background in backgrounds)
