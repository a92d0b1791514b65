"""The operators' dashboard and the accessibility statement in Chromium: sign-in, session, charts with tables."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ADMIN_TOKEN, STEP_MS, screenshot
from tests.browser.test_widget_chat import assert_readable

pytestmark = pytest.mark.browser


def test_the_dashboard_signs_in_once_and_shows_each_chart_with_its_table(widget_service, watched):
    page, watch = watched
    for question in ("Who runs the CorpID Platform?", "What is the best pizza topping in Naples?"):
        assert httpx.post(widget_service.url + "/api/ask", json={"question": question}, timeout=60).status_code == 200
    response = page.goto(widget_service.url + "/admin")
    assert response.status == 401
    page.get_by_label("Admin token").fill("not the token")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("not valid", timeout=STEP_MS)
    watch.expect_error("403")
    page.get_by_label("Admin token").fill(ADMIN_TOKEN)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("the last 7 days", timeout=STEP_MS)
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 4
    for n in range(charts.count()):  # every chart is named for assistive technology
        labelled = charts.nth(n).get_attribute("aria-labelledby")
        assert page.locator(f"[id='{labelled}']").text_content().strip()
    expect(page.get_by_role("table", name="Questions per day, by outcome")).to_be_visible()
    expect(page.get_by_role("cell", name="What is the best pizza topping in Naples?").first).to_be_visible()
    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["assistant_admin"]
    assert session["httpOnly"] and session["sameSite"] == "Strict"
    assert "assistant_admin" not in page.evaluate("document.cookie")  # HttpOnly: no script can read it
    page.get_by_label("Days to show").fill("30")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("the last 30 days", timeout=STEP_MS)
    assert_readable(page)
    screenshot(page, "admin-dashboard")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Admin token")).to_be_visible(timeout=STEP_MS)
    watch.expect_error("401")
    watch.check()


def test_the_accessibility_statement_is_served_and_readable(widget_service, watched):
    page, watch = watched
    response = page.goto(widget_service.url + "/accessibility")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    expect(page.get_by_role("heading", name="Known gaps")).to_be_visible()
    expect(page.get_by_role("link", name="1823").first).to_have_attribute("href", "tel:1823")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert_readable(page)
    watch.check()
