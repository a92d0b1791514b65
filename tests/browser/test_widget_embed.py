"""The widget embedded by a host page on another origin: isolated from its CSS, talking to the service by CORS."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Chat, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.timeout(60)]

# Computed styles inside the widget, which the host page's `* {color: #ff00ff !important; font-family: serif}`
# and `button {font-size: 40px}` must not reach.
WIDGET_STYLE = """(selector) => {
    const node = document.querySelector("policy-assistant").shadowRoot.querySelector(selector);
    const style = getComputedStyle(node);
    return {color: style.color, fontSize: style.fontSize, serif: /^serif|, serif/.test(style.fontFamily)};
}"""


def test_a_host_page_on_another_origin_embeds_the_widget(widget_service, page):
    assert widget_service.host.url != widget_service.url
    page.goto(widget_service.embedded(widget_service.host))
    expect(page.locator("h1")).to_have_text("Department news")
    launcher = page.locator("[data-role=launcher]")
    expect(launcher).to_be_visible()
    assert page.evaluate(WIDGET_STYLE, "[data-role=launcher]") == {"color": "rgb(255, 255, 255)", "fontSize": "16px",
                                                                   "serif": False}
    launcher.click()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.locator("[data-role=starters] button")).not_to_have_count(0)  # GET /api/widget crossed origins
    chat = Chat(page)
    question = "Who runs the CorpID Platform?"
    chat.ask(question)
    answer = chat.wait_done()
    assert page.evaluate(WIDGET_STYLE, "[data-role=answer]") == {"color": "rgb(27, 31, 36)", "fontSize": "16px",
                                                                  "serif": False}
    answer.locator("button.cite").first.click()
    expect(answer.locator("[data-role=bureau]")).to_contain_text("Innovation, Technology and Industry Bureau")
    answer.locator("button[data-rating=up]").click()
    expect(answer.locator(".feedback-status")).to_have_text("Thank you for your feedback.")
    screenshot(page, "desktop-embedded")
    with sqlite3.connect(widget_service.feedback_db) as db:
        assert db.execute("SELECT rating FROM feedback WHERE question = ?", (question,)).fetchall() == [("up",)]


def test_a_site_not_in_the_allowed_origins_is_refused(widget_service, watched):
    page, watch = watched
    watch.expect_error("CORS policy|Failed to load resource")
    page.goto(widget_service.embedded(widget_service.stranger))
    page.locator("[data-role=launcher]").click()
    chat = Chat(page)
    chat.ask("Who runs the CorpID Platform?")
    failed = chat.wait_done(state="error")
    expect(failed.locator("[data-role=error]")).to_contain_text("could not be reached")
    expect(failed.locator("[data-role=retry]")).to_be_visible()
    assert any("CORS policy" in error for error in watch.errors), watch.errors


HOSTILE = "<img src=x onerror=alert(1)>"


def sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"


def test_markup_is_text_even_on_a_page_without_a_csp(widget_service, watched):
    # The host page has no Content-Security-Policy: markup parsed as HTML here would run.
    page, watch = watched
    page.goto(widget_service.embedded(widget_service.host))
    page.locator("[data-role=launcher]").click()
    chat = Chat(page)
    question = f"Who runs CorpID? {HOSTILE}"
    chat.ask(question)
    chat.wait_done(state=re.compile("answered|refused"))
    expect(page.locator("[data-role=user]")).to_have_text("You: " + question)
    # An answer and a passage carrying markup (as a model or a corpus could) are shown as text too.
    citation = {"n": 1, "id": "x", "text": f"Passage {HOSTILE}", "section": f"Chapter > <b>Section</b> {HOSTILE}",
                "bureaux": [{"code": "ITIB", "name": f"Bureau {HOSTILE}"}], "score": 0.1}
    answer = {"answer": f"Answer {HOSTILE} [1].", "citations": [citation], "refused": False, "reason": None,
              "topics": [], "backend": "extractive", "degraded": False, "grounded": 1.0, "query": "q", "timings": {}}
    body = sse("citations", {"citations": [citation]}) + sse("delta", {"text": answer["answer"]}) + sse("done", answer)
    page.route("**/api/ask/stream", lambda route: route.fulfill(
        status=200, content_type="text/event-stream", body=body,
        headers={"Access-Control-Allow-Origin": widget_service.host.url}))
    chat.ask("Anything")
    shown = chat.wait_done()
    expect(shown.locator("[data-role=answer]")).to_have_text(f"Answer {HOSTILE} 1.")
    shown.locator("button.cite").click()
    expect(shown.locator("[data-role=quote]")).to_have_text(f"Passage {HOSTILE}")
    expect(shown.locator("[data-role=path]")).to_have_text(f"Chapter › <b>Section</b> {HOSTILE}")
    expect(shown.locator("[data-role=bureau]")).to_have_text(f"Responsible: Bureau {HOSTILE} (ITIB)")
    assert page.locator("img, b").count() == 0 and page.locator("policy-assistant script").count() == 0
    assert watch.dialogs == []
