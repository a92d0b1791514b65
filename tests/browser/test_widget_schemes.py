"""The widget's "Find support for my business" view over the real scheme finder (GET/POST /api/schemes/...)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Chat, screenshot, tab_until

pytestmark = [pytest.mark.browser, pytest.mark.timeout(60)]


def open_finder(page: Page, url: str):
    Chat(page).open(url)
    tab = page.get_by_role("tab", name="Find support")
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    form = page.locator("[data-role=scheme-form]")
    expect(form).to_be_visible()
    return form


def test_a_profile_finds_ranked_measures_with_reason_and_passage(widget_service, page):
    form = open_finder(page, widget_service.url)
    expect(page.locator("[data-role=question]")).to_be_hidden()
    form.get_by_label("Sector", exact=True).select_option("construction")
    form.get_by_label("Size").select_option("small")
    form.get_by_label("funding").check()
    form.get_by_label("What does your business do?").fill("We want software that checks our payment claims.")
    form.get_by_role("button", name="Find support").click()
    cards = page.locator("[data-role=scheme-card]")
    expect(cards.first).to_be_visible()
    first = cards.first
    expect(first.locator("h3")).to_have_text("Construction Innovation and Technology Fund")
    expect(first.locator(".reason")).to_contain_text("It meets your need for funding")
    first.locator("summary").click()
    expect(first.locator(".quote")).to_contain_text("Construction Innovation and Technology Fund")
    expect(first.locator(".bureau")).to_have_text("Responsible: Development Bureau (DEVB)")
    expect(first.locator(".path")).to_contain_text("Industry Development and Reform ›")
    screenshot(page, "desktop-schemes")


def test_an_empty_profile_says_what_is_missing(widget_service, watched):
    page, watch = watched
    watch.expect_error("status of 422")
    form = open_finder(page, widget_service.url)
    form.get_by_role("button", name="Find support").click()
    expect(page.locator("[data-role=scheme-results] [data-role=error]")).to_contain_text("at least one of")


def test_the_finder_at_360_px_by_keyboard(widget_service, mobile):
    page, _ = mobile
    Chat(page).open(widget_service.url)
    tab_until(page, lambda e: e["cls"] == "tab", limit=5)
    page.keyboard.press("ArrowRight")  # the tabs pattern: arrows move between tabs
    expect(page.get_by_role("tab", name="Find support")).to_have_attribute("aria-selected", "true")
    form = page.locator("[data-role=scheme-form]")
    expect(form).to_be_visible()
    form.get_by_label("computing power").check()
    form.get_by_label("What does your business do?").fill("We train AI models.")
    form.get_by_label("What does your business do?").press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("[data-role=scheme-card]").first).to_be_visible()
    box = page.locator("[data-role=scheme-card]").first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360
    screenshot(page, "mobile-schemes")
