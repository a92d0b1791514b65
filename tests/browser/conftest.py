"""Browser-test fixtures for the chat widget: Debian's Chromium driven by Playwright, against live servers.

The tests in this folder are marked ``browser`` (``pytest -m "not browser"`` leaves them out). The service
under test is the real app over the real index, on loopback, with its own feedback database, an admin token
and one allowed CORS origin: a host page served from another loopback port, which embeds the widget as a
government site would.
Playwright's own browser download does not work here; the tests use ``/usr/bin/chromium`` (``make test``
installs it).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, expect, sync_playwright
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from assistant.api import create_app
from assistant.config import PROJECT_ROOT, Settings
from assistant.index.embedding import Embedder
from assistant.index.loaded import PolicyIndex
from assistant.service import Assistant
from tests.conftest import LiveServer, free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SCREENSHOTS = PROJECT_ROOT / "eval" / "reports" / "screenshots"
DESKTOP = {"width": 1280, "height": 860}
MOBILE = {"width": 360, "height": 740}
ADMIN_TOKEN = "widget-tests-admin-token"
#: Longest wait for any one state of the page, in milliseconds; answers take well under a second.
STEP_MS = 10_000
#: Every test request comes from one loopback address: the per-client rate limit is not what is tested here.
UNLIMITED = {"rate_limit_per_minute": 1e6, "rate_limit_burst": 1_000_000}

# A host site's hostile styles: the widget's shadow root must keep them out.
HOST_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>A government site</title>
<link rel="icon" href="data:,">
<style>* {{ color: #ff00ff !important; font-family: serif; }} button {{ font-size: 40px; }}</style></head>
<body><h1>Department news</h1><p>Host page content.</p>
<script src="{service}/widget.js" defer></script></body></html>"""


def host_site() -> LiveServer:
    """A site on its own loopback port whose page at ``/?service=URL`` embeds the widget from URL."""
    async def page(request) -> HTMLResponse:
        return HTMLResponse(HOST_PAGE.format(service=html.escape(request.query_params["service"])))

    return LiveServer(Starlette(routes=[Route("/", page)]))


@dataclass
class WidgetService:
    """The service under test, a host site allowed to embed it, and a site it does not allow."""

    server: LiveServer
    host: LiveServer
    stranger: LiveServer
    settings: Settings

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def feedback_db(self) -> Path:
        return self.settings.feedback_db

    def embedded(self, site: LiveServer) -> str:
        """The URL of ``site``'s page embedding this service's widget."""
        return f"{site.url}/?service={self.server.url}"


@pytest.fixture(scope="session")
def widget_service(settings: Settings, index: PolicyIndex, embedder: Embedder,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[WidgetService]:
    host, stranger = host_site(), host_site()
    configured = settings.model_copy(update={
        "feedback_db": tmp_path_factory.mktemp("feedback") / "feedback.sqlite3",
        "admin_token": SecretStr(ADMIN_TOKEN), "cors_origins": [host.url], **UNLIMITED})
    server = LiveServer(create_app(Assistant(configured, index, embedder))).start()
    for site in (host, stranger):
        site.start(ready_path="/?service=x")
    yield WidgetService(server, host, stranger, configured)
    for running in (server, host, stranger):
        running.stop()


@pytest.fixture(scope="session")
def degraded_service(settings: Settings, index: PolicyIndex, embedder: Embedder,
                     tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A service whose chosen backend (openai) cannot be reached, so every answer is the degraded fallback."""
    configured = settings.model_copy(update={
        "backend": "openai", "openai_base_url": f"http://127.0.0.1:{free_port()}/v1", "openai_api_key": "unused",
        "openai_max_retries": 0, "feedback_db": tmp_path_factory.mktemp("feedback") / "feedback.sqlite3",
        **UNLIMITED})
    server = LiveServer(create_app(Assistant(configured, index, embedder))).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class PageWatch:
    """What a page did that a test may need to assert on: dialogs opened, console errors, requests sent."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    asks: list[dict] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)

    def expect_error(self, pattern: str) -> None:
        """Console errors matching ``pattern`` (a regex) are part of the test, not a failure."""
        self.expected.append(pattern)

    def check(self) -> None:
        unexpected = [e for e in self.errors if not any(re.search(p, e) for p in self.expected)]
        assert not unexpected, f"console errors: {unexpected}"


def open_page(browser: Browser, viewport: dict) -> tuple[Page, PageWatch]:
    """A fresh page (own context) that records dialogs, console errors and the bodies of questions sent."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(STEP_MS)
    watch = PageWatch()

    def on_dialog(dialog: Dialog) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watch.errors.append(message.text)

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.on("request", lambda request: watch.asks.append(request.post_data_json)
            if request.url.endswith("/api/ask/stream") else None)
    return page, watch


@pytest.fixture
def watched(chromium: Browser) -> Iterator[tuple[Page, PageWatch]]:
    """A desktop-sized page; the test fails if the page logged an error (a CSP violation logs one)."""
    page, watch = open_page(chromium, DESKTOP)
    yield page, watch
    page.context.close()
    watch.check()


@pytest.fixture
def page(watched: tuple[Page, PageWatch]) -> Page:
    return watched[0]


@pytest.fixture
def mobile(chromium: Browser) -> Iterator[tuple[Page, PageWatch]]:
    """A 360 px wide page, as on a small phone."""
    page, watch = open_page(chromium, MOBILE)
    yield page, watch
    page.context.close()
    watch.check()


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot under eval/reports/screenshots/ (git-ignored) for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path)
    return path


class Chat:
    """The widget as a test drives it: locators reach into its open shadow root."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.question = page.locator("[data-role=question]")
        self.answers = page.locator("[data-role=bot]")
        self.live = page.locator("[data-role=live]")

    def open(self, url: str) -> Chat:
        self.page.goto(url)
        expect(self.page.locator("policy-assistant[data-ready][data-configured]")).to_have_count(1)
        return self

    def ask(self, text: str) -> None:
        """Type a question and press Enter, as a person does."""
        self.question.fill(text)
        self.question.press("Enter")

    def answer(self, number: int = -1):
        """The ``number``-th answer (default the last one)."""
        return self.answers.nth(number)

    def wait_done(self, number: int = -1, state: str = "answered"):
        """Wait until the answer has finished in ``state`` (answered, refused, degraded or error)."""
        answer = self.answer(number)
        expect(answer).to_have_attribute("data-state", state)
        expect(answer).not_to_have_attribute("aria-busy", "true")
        return answer


def focused(page: Page) -> dict:
    """The element that has focus, looking inside shadow roots: its role, class, text and outline."""
    return page.evaluate("""() => {
        let el = document.activeElement;
        while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
        if (!el) return {};
        const style = getComputedStyle(el);
        return {role: el.dataset.role || "", cls: el.className || "", tag: el.tagName.toLowerCase(),
                text: el.textContent.trim(), outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth)};
    }""")


def tab_until(page: Page, matches, limit: int = 30, key: str = "Tab") -> dict:
    """Press Tab (or ``key``) until the focused element satisfies ``matches``; fails after ``limit`` presses."""
    for _ in range(limit):
        page.keyboard.press(key)
        element = focused(page)
        if matches(element):
            return element
    raise AssertionError(f"{key} never reached the element; last focused: {focused(page)}")
