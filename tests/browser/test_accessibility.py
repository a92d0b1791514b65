"""The accessibility audit as tests: axe-core over every state of the page, the widget and /docs at three
viewports and in both languages, plus the checks axe cannot make (keyboard, zoom, forced colours, text
size, the live region, first use). Any serious or critical axe violation fails.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.accessibility import VIEWPORTS, axe_page, describe, violations
from tests.browser.conftest import Chat, focused, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

AI_SUBSIDY = "How much is the AI Subsidy Scheme?"
NEAR_REFUSAL = "What is the name of the European company that will recycle aircraft in Hong Kong?"


def audit(page: Page, state: str, found: dict, scope: str | None = None) -> None:
    """Record the serious and critical violations of one state."""
    result = violations(page, scope)
    if result:
        found[state] = describe(result)


def assert_clean(found: dict) -> None:
    assert not found, "\n\n".join(f"== {state}\n{text}" for state, text in found.items())


@pytest.mark.parametrize("lang", ["en", "zh-HK"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_state_of_the_page_passes_axe(widget_service, chromium: Browser, viewport, lang):
    page = axe_page(chromium, VIEWPORTS[viewport])
    found: dict[str, str] = {}
    chat = Chat(page).open(f"{widget_service.url}/?lang={lang}")
    audit(page, "empty", found)
    page.locator("[data-role=ask]").click()  # Ask on an empty box
    expect(page.locator("[data-role=hint]")).to_be_visible()
    audit(page, "empty ask", found)
    chat.ask(AI_SUBSIDY)
    answer = chat.wait_done()
    answer.locator("[data-role=answer] button.cite").first.click()
    audit(page, "answer with its passage open", found)
    answer.locator("button[data-rating=up]").click()
    audit(page, "rated, comment box open", found)
    chat.ask(NEAR_REFUSAL)
    chat.wait_done(state="refused")
    audit(page, "refusal with topics", found)
    page.get_by_role("tab").nth(1).click()
    form = page.locator("[data-role=scheme-form]")
    expect(form).to_be_visible()
    audit(page, "finder form", found)
    form.locator("[data-role=sector]").select_option("other")
    form.locator("[data-role=other-sector]").fill("hair salon")
    form.locator("input[type=checkbox]").first.check()
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-role=scheme-card]").first).to_be_visible()
    page.locator("[data-role=scheme-card] summary").first.click()
    audit(page, "finder results", found)
    page.context.close()
    assert_clean(found)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_state_of_the_embedded_widget_passes_axe(widget_service, chromium: Browser, viewport):
    page = axe_page(chromium, VIEWPORTS[viewport])
    found: dict[str, str] = {}
    page.goto(widget_service.embedded(widget_service.host))
    expect(page.locator("policy-assistant[data-configured]")).to_have_count(1)
    # The host page is not ours (its hostile styles fail contrast on purpose): only the widget is audited.
    audit(page, "closed", found, "policy-assistant")
    page.locator("[data-role=launcher]").click()
    audit(page, "open", found, "policy-assistant")
    chat = Chat(page)
    chat.ask(AI_SUBSIDY)
    chat.wait_done().locator("[data-role=answer] button.cite").first.click()
    audit(page, "answer", found, "policy-assistant")
    page.locator("[data-role=language]").click()
    audit(page, "switched to Chinese", found, "policy-assistant")
    page.context.close()
    assert_clean(found)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_state_of_the_api_reference_passes_axe(widget_service, chromium: Browser, viewport):
    page = axe_page(chromium, VIEWPORTS[viewport])
    found: dict[str, str] = {}
    page.goto(f"{widget_service.url}/docs")
    page.locator(".opblock").first.wait_for()
    audit(page, "loaded", found)
    ask = page.locator(".opblock-post").first
    ask.locator(".opblock-summary-control").click()
    ask.get_by_role("button", name="Try it out").click()
    audit(page, "trying a request", found)
    ask.get_by_role("button", name="Execute").click()
    page.locator(".live-responses-table").first.wait_for()
    audit(page, "with a response", found)
    page.locator(".models-control").first.click()
    audit(page, "schemas open", found)
    page.context.close()
    assert_clean(found)


# ---------------------------------------------------------------- what axe cannot check

def inside_widget(page: Page) -> bool:
    return page.evaluate("() => document.activeElement && document.activeElement.tagName === 'POLICY-ASSISTANT'")


def test_at_phone_width_the_open_widget_is_modal(widget_service, chromium: Browser):
    page = axe_page(chromium, VIEWPORTS["phone"])
    page.goto(widget_service.embedded(widget_service.host))
    page.locator("[data-role=launcher]").click()
    panel = page.locator(".panel")
    expect(panel).to_have_attribute("aria-modal", "true")
    assert page.evaluate("() => Array.from(document.body.children).filter(e => e.tagName !== 'POLICY-ASSISTANT'"
                         " && e.tagName !== 'SCRIPT').every(e => e.inert)")
    for key in ["Tab"] * 25 + ["Shift+Tab"] * 25:
        page.keyboard.press(key)
        assert inside_widget(page), f"{key} left the panel: {page.evaluate('() => document.activeElement.outerHTML')}"
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert page.evaluate("() => Array.from(document.body.children).every(e => !e.inert)")
    assert focused(page)["role"] == "launcher"
    page.context.close()


def test_on_a_desktop_the_open_widget_leaves_the_page_usable(widget_service, chromium: Browser):
    page = axe_page(chromium, VIEWPORTS["desktop"])
    page.goto(widget_service.embedded(widget_service.host))
    page.locator("[data-role=launcher]").click()
    expect(page.locator(".panel")).not_to_have_attribute("aria-modal", "true")
    assert page.evaluate("() => Array.from(document.body.children).every(e => !e.inert)")
    expect(page.get_by_role("banner")).to_have_count(0)  # the widget adds no second banner to the host page
    page.context.close()


def test_at_400_percent_zoom_the_conversation_keeps_its_height_and_ask_is_reachable(widget_service, chromium):
    page = axe_page(chromium, {"width": 320, "height": 256})
    chat = Chat(page).open(widget_service.url)
    chat.ask(AI_SUBSIDY)
    chat.wait_done()
    scroller = page.locator(".chat-view .scroller").bounding_box()
    assert scroller["height"] >= 0.5 * 256, scroller
    ask = page.locator("[data-role=ask]")
    ask.scroll_into_view_if_needed()
    box = ask.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 256 and box["x"] + box["width"] <= 320, box
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    screenshot(page, "zoom-400")
    page.context.close()


def tab_strip(page: Page) -> dict:
    return page.evaluate("""() => {
        const root = document.querySelector("policy-assistant").shadowRoot;
        const tabs = Array.from(root.querySelectorAll("[role=tab]"));
        const list = root.querySelector("[role=tablist]");
        return {cut: tabs.filter(t => t.scrollWidth > t.clientWidth + 1).length,
                scrolls: list.scrollWidth > list.clientWidth + 1,
                font: parseFloat(getComputedStyle(root.querySelector(".frame")).fontSize)};
    }""")


@pytest.mark.parametrize("viewport", ["zoom200", "phone"])
def test_at_200_percent_text_size_the_tabs_wrap_and_nothing_is_cut(widget_service, chromium, viewport):
    page = axe_page(chromium, VIEWPORTS[viewport])
    Chat(page).open(widget_service.url)
    assert tab_strip(page)["font"] == 16
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")  # the browser's text size
    strip = tab_strip(page)
    assert strip["font"] == 32 and strip["cut"] == 0 and not strip["scrolls"], strip
    assert page.evaluate("() => document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    page.context.close()


def test_a_focused_tab_shows_its_whole_focus_ring(widget_service, chromium):
    page = axe_page(chromium, VIEWPORTS["desktop"])
    Chat(page).open(widget_service.url)
    page.get_by_role("tab").first.focus()
    page.keyboard.press("ArrowRight")
    ring = page.evaluate("""() => {
        const root = document.querySelector("policy-assistant").shadowRoot;
        const tab = root.activeElement, style = getComputedStyle(tab);
        const reach = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
        const box = tab.getBoundingClientRect(), panel = root.querySelector(".panel").getBoundingClientRect();
        return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
                inside: box.top - reach >= panel.top && box.left - reach >= panel.left
                        && box.right + reach <= panel.right};
    }""")
    assert ring == {"style": "solid", "width": 3, "inside": True}, ring
    page.context.close()


def test_in_forced_colours_the_selected_tab_can_be_told_apart(widget_service, chromium):
    page = axe_page(chromium, VIEWPORTS["desktop"], forced_colors="active")
    Chat(page).open(widget_service.url)
    looks = page.evaluate("""() => Array.from(document.querySelector("policy-assistant").shadowRoot
        .querySelectorAll("[role=tab]"), (t) => { const s = getComputedStyle(t);
        return [s.borderBottomColor, s.color, s.textDecorationLine].join(" "); })""")
    assert len(looks) == 2 and looks[0] != looks[1], looks
    screenshot(page, "forced-colours")
    page.context.close()


def test_first_use(widget_service, chromium):
    page = axe_page(chromium, VIEWPORTS["desktop"])
    chat = Chat(page).open(widget_service.url)
    # The question box has a visible label, and Ask on an empty box says what is missing.
    expect(page.locator(".question-label")).to_be_visible()
    expect(page.get_by_label("Your question")).to_have_attribute("data-role", "question")
    page.locator("[data-role=ask]").click()
    hint = page.locator("[data-role=hint]")
    expect(hint).to_have_text("Type a question first, then press Ask.")
    expect(chat.question).to_have_attribute("aria-invalid", "true")
    assert focused(page)["role"] == "question"
    chat.ask("What is the minimum wage?")
    expect(hint).to_be_hidden()
    # An unrelated first question after another: refused on its own, naming no unrelated topic.
    refusal = chat.wait_done(state="refused")
    expect(refusal.locator("[data-role=answer]")).to_contain_text("does not answer this question")
    expect(refusal.locator("[data-role=topics]")).to_have_count(0)
    chat.ask(AI_SUBSIDY)
    answered = chat.wait_done()
    spoken = chat.live.inner_text()
    assert "AI Subsidy Scheme" in spoken and not re.search(r"\[\d+\]|bracket", spoken), spoken
    expect(answered.locator("[data-role=answer] button.cite").first).to_be_visible()
    page.goto(widget_service.embedded(widget_service.host))
    expect(page.locator("[data-role=launcher]")).to_have_text("Ask about Industry Development and Reform")
    page.context.close()
