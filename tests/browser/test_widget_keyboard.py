"""Keyboard only, no mouse: Tab, Shift+Tab, Enter, Space and Escape reach everything, with visible focus."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Chat, focused, screenshot, tab_until

pytestmark = [pytest.mark.browser, pytest.mark.timeout(60)]


def assert_focus_visible(element: dict) -> None:
    assert element["outline"] != "none" and element["outlineWidth"] >= 2, element


def test_the_page_by_keyboard_alone(widget_service, page):
    chat = Chat(page).open(widget_service.url)
    keys = page.keyboard
    # A starter question: Tab to it, Enter.
    starter = tab_until(page, lambda e: e["cls"] == "chip")
    assert_focus_visible(starter)
    keys.press("Enter")
    chat.wait_done()
    # Type a question: Tab to the box, type, Enter.
    assert_focus_visible(tab_until(page, lambda e: e["role"] == "question", limit=40))
    keys.type("How much is the AI Subsidy Scheme?")
    keys.press("Enter")
    answer = chat.wait_done()
    # Back to its citation marker, open the passage, close it with Escape: focus returns to the marker.
    marker = tab_until(page, lambda e: "cite" in e["cls"] and e["text"] == "1", key="Shift+Tab")
    assert_focus_visible(marker)
    screenshot(page, "desktop-keyboard-focus")
    keys.press("Enter")
    expect(answer.locator(".passage")).to_be_visible()
    assert "passage" in focused(page)["cls"]
    keys.press("Escape")
    expect(answer.locator(".passage")).to_be_hidden()
    assert "cite" in focused(page)["cls"]
    # Rate it with Space, then leave a comment.
    assert_focus_visible(tab_until(page, lambda e: e["text"] == "Helpful"))
    keys.press("Space")
    expect(answer.locator("button[data-rating=up]")).to_have_attribute("aria-pressed", "true")
    tab_until(page, lambda e: e["tag"] == "textarea")
    keys.type("Clear, thank you.")
    tab_until(page, lambda e: e["text"] == "Send comment")
    keys.press("Enter")
    expect(answer.locator(".feedback-status")).to_have_text("Thank you, your comment was sent.")
    # Start again: the conversation empties and the starters come back.
    tab_until(page, lambda e: e["role"] == "new", key="Shift+Tab", limit=60)
    keys.press("Enter")
    expect(chat.answers).to_have_count(0)
    expect(page.locator("[data-role=welcome]")).to_be_visible()
    assert focused(page)["role"] == "question"


def test_a_refusal_topic_by_keyboard(widget_service, page):
    chat = Chat(page).open(widget_service.url)
    tab_until(page, lambda e: e["role"] == "question", limit=40)
    page.keyboard.type("What is the name of the European company that will recycle aircraft in Hong Kong?")
    page.keyboard.press("Enter")
    chat.wait_done(state="refused")
    topic = tab_until(page, lambda e: e["cls"] == "chip", key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(chat.answers).to_have_count(2)
    chat.wait_done()
    expect(page.locator("[data-role=user]").last).to_contain_text(topic["text"])


def test_the_embedded_widget_by_keyboard(widget_service, page):
    page.goto(widget_service.embedded(widget_service.host))
    launcher = tab_until(page, lambda e: e["role"] == "launcher", limit=5)
    assert_focus_visible(launcher)
    page.keyboard.press("Enter")
    expect(page.locator(".panel")).to_be_visible()
    assert focused(page)["role"] == "question"
    page.keyboard.type("Who runs the CorpID Platform?")
    page.keyboard.press("Enter")
    Chat(page).wait_done()
    page.keyboard.press("Escape")
    expect(page.locator(".panel")).to_be_hidden()
    assert focused(page)["role"] == "launcher"
