"""The same conversation on a 360 px wide phone: everything fits, nothing scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import MOBILE, Chat, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.timeout(60)]

ITIB = "Innovation, Technology and Industry Bureau"

# Whether anything in the page or the widget is wider than the screen.
OVERFLOW = """() => {
    const root = document.querySelector("policy-assistant").shadowRoot;
    const wide = [document.documentElement.scrollWidth, ...Array.from(root.querySelectorAll(".scroller"),
                  (s) => s.scrollWidth - s.clientWidth + window.innerWidth)];
    return Math.max(...wide);
}"""


def assert_within_screen(page: Page, *selectors: str) -> None:
    for selector in selectors:
        box = page.locator(selector).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"], (selector, box)


def test_the_conversation_works_at_360_px(widget_service, mobile):
    page, watch = mobile
    chat = Chat(page).open(widget_service.url)
    assert_within_screen(page, "[data-role=question]", "[data-role=ask]", "[data-role=new]", "[data-role=note]")
    expect(page.locator("[data-role=starters] button").first).to_be_visible()
    screenshot(page, "mobile-empty")
    chat.ask("How much is the AI Subsidy Scheme?")
    answer = chat.wait_done()
    answer.locator("[data-role=answer] button.cite").first.click()
    expect(answer.locator("[data-role=bureau]")).to_have_text(f"Responsible: {ITIB} (ITIB)")
    assert_within_screen(page, ".passage:not([hidden])", "[data-role=sources]", ".feedback")
    chat.ask("Which bureau runs it?")
    follow_up = chat.wait_done()
    expect(follow_up.locator("[data-role=answer]")).to_contain_text(ITIB)
    assert watch.asks[-1]["history"][0]["content"] == "How much is the AI Subsidy Scheme?"
    follow_up.locator("button[data-rating=up]").click()
    expect(follow_up.locator(".feedback-status")).to_have_text("Thank you for your feedback.")
    assert_within_screen(page, "button[data-rating=down]", ".comment:not([hidden]) textarea")
    assert page.evaluate(OVERFLOW) <= MOBILE["width"]
    screenshot(page, "mobile-answer")


def test_the_embedded_widget_fills_a_phone_screen(widget_service, mobile):
    page, _ = mobile
    page.goto(widget_service.embedded(widget_service.host))
    launcher = page.locator("[data-role=launcher]")
    launcher.click()
    panel = page.locator(".panel")
    expect(panel).to_be_visible()
    box = panel.bounding_box()
    assert box == {"x": 0, "y": 0, "width": MOBILE["width"], "height": MOBILE["height"]}
    chat = Chat(page)
    chat.ask("When will the CorpID Platform launch?")
    expect(chat.wait_done().locator("[data-role=answer]")).to_contain_text("end-2026")
    screenshot(page, "mobile-embedded")
    page.locator("[data-role=close]").click()
    expect(panel).to_be_hidden()
    expect(launcher).to_be_visible()
