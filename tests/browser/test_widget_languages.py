"""The page and the widget in English and Traditional Chinese: chosen by ?lang= or Accept-Language, with a
visible switch, <html lang>, and every label, starter, error and finder word from the message table.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from assistant.api.languages import LANGUAGES, choose_language, messages
from assistant.api.routes.pages import STATIC_DIR
from tests.browser.conftest import DESKTOP, MOBILE, Chat, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]

ZH = messages()["zh-HK"]
SCRIPT = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")


def test_every_language_has_every_message():
    en, zh = messages()["en"], messages()["zh-HK"]
    assert set(en) == set(zh)
    for key, text in zh.items():
        if isinstance(text, str):
            assert text.strip() and re.findall(r"\{\w+\}", text) == re.findall(r"\{\w+\}", en[key]), key
    assert set(zh["needs_names"]) and set(zh["sizes"]) == set(en["sizes"]) and len(zh["starters"]) >= 3


def test_every_message_the_widget_shows_is_in_the_table():
    used = set(re.findall(r"""\b(?:t|L)\("(\w+)"\)?""", SCRIPT))
    for pairs in re.findall(r"\bA\(\{([^}]*)\}\)", SCRIPT):  # A({ "aria-label": "key" })
        used |= set(re.findall(r':\s*"(\w+)"', pairs))
    assert len(used) >= 60 and used <= set(messages()["en"]), used - set(messages()["en"])


@pytest.mark.parametrize(("query", "header", "expected"), [
    ("zh-HK", None, "zh-HK"), ("zh-Hant-HK", "en", "zh-HK"), (None, "zh-HK,zh;q=0.9,en;q=0.8", "zh-HK"),
    (None, "zh-TW", "zh-HK"), (None, "en-GB,en;q=0.9", "en"), (None, "fr-FR,de;q=0.5", "en"),
    ("en", "zh-HK", "en"), (None, "en;q=0.1, yue;q=0.8", "zh-HK"), (None, "zh;q=0, en", "en"), (None, None, "en"),
])
def test_the_language_is_chosen_by_query_then_accept_language(query, header, expected):
    assert choose_language(query, header) == expected


def test_the_page_in_chinese_over_http(client):
    page = client.get("/", headers={"Accept-Language": "zh-HK,zh;q=0.9"})
    assert page.status_code == 200 and '<html lang="zh-HK">' in page.text
    assert ZH["page_heading"] in page.text and '<policy-assistant mode="page" lang="zh-HK">' in page.text
    assert 'href="?lang=en"' in page.text and page.headers["vary"] == "Accept-Language"
    english = client.get("/?lang=en", headers={"Accept-Language": "zh-HK"})
    assert '<html lang="en">' in english.text and 'href="?lang=zh-HK"' in english.text and "繁體中文" in english.text
    assert client.get("/api/widget?lang=zh-HK").json()["starters"] == ZH["starters"]


def test_the_script_carries_the_table(client):
    served = client.get("/widget.js").text
    slot = "/* messages: filled in by the service */ null"
    assert slot in SCRIPT and slot not in served
    assert ZH["ask"] in served and client.get("/widget-messages.json").json()["zh-HK"]["ask"] == ZH["ask"]


def test_the_page_in_chinese_in_the_browser(widget_service, chromium: Browser):
    context = chromium.new_context(viewport=DESKTOP, locale="zh-HK")  # Accept-Language: zh-HK
    page = context.new_page()
    chat = Chat(page).open(widget_service.url)
    assert page.evaluate("() => document.documentElement.lang") == "zh-HK"
    expect(page.locator("h1")).to_have_text(ZH["page_heading"])
    expect(page.locator(".question-label")).to_have_text(ZH["question_label"])
    expect(page.locator("[data-role=ask]")).to_have_text(ZH["ask"])
    expect(page.get_by_role("tab").first).to_contain_text(ZH["tab_ask"])
    expect(page.locator("[data-role=starters] button").first).to_have_text(ZH["starters"][0])
    expect(page.locator("[data-role=note]")).to_contain_text("答案來自")
    page.locator("[data-role=ask]").click()
    expect(page.locator("[data-role=hint]")).to_have_text(ZH["empty_question"])
    screenshot(page, "zh-page")
    chat.ask("How much is the AI Subsidy Scheme?")
    answer = chat.wait_done()
    expect(answer.locator("[data-role=sources] h3")).to_have_text(ZH["sources"])
    expect(answer.locator("button[data-rating=up]")).to_have_text(ZH["helpful"])
    screenshot(page, "zh-answer")
    page.get_by_role("tab").nth(1).click()
    form = page.locator("[data-role=scheme-form]")
    expect(form.get_by_label(ZH["sector"], exact=True)).to_be_visible()
    expect(form.locator("[data-role=sector] option[value=construction]")).to_have_text("建造業")
    expect(form.locator("label.check").first).to_have_text(ZH["needs_names"]["funding"])
    expect(form.locator("button[type=submit]")).to_have_text(ZH["find_support"])
    screenshot(page, "zh-finder")
    # The switch in the page's header gives the English page.
    page.locator("[data-role=language-switch]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("[data-role=ask]")).to_have_text("Ask")
    context.close()


def test_an_error_is_said_in_chinese(widget_service, chromium: Browser):
    page = chromium.new_context(viewport=MOBILE).new_page()
    page.route("**/api/ask/stream", lambda route: route.abort())
    chat = Chat(page).open(f"{widget_service.url}/?lang=zh-HK")
    chat.ask("CorpID 平台幾時推出？")
    failed = chat.wait_done(state="error")
    expect(failed.locator("[data-role=error]")).to_contain_text(ZH["error_network"])
    expect(failed.locator("[data-role=retry]")).to_have_text(ZH["try_again"])
    page.context.close()


def test_the_embedded_widget_switches_language_in_place(widget_service, chromium: Browser):
    page = chromium.new_context(viewport=DESKTOP).new_page()
    page.goto(widget_service.embedded(widget_service.host))
    launcher = page.locator("[data-role=launcher]")
    expect(launcher).to_have_text("Ask about Industry Development and Reform")
    launcher.click()
    chat = Chat(page)
    chat.ask("Who runs the CorpID Platform?")
    chat.wait_done()
    switch = page.locator("[data-role=language]")
    expect(switch).to_have_text("繁體中文")
    switch.click()
    expect(page.locator("[data-role=ask]")).to_have_text(ZH["ask"])
    expect(page.locator(".question-label")).to_have_text(ZH["question_label"])
    expect(page.locator("[data-role=close]")).to_have_attribute("aria-label", ZH["close_assistant"])
    expect(page.locator("[data-role=starters] button").first).to_have_text(ZH["starters"][0])
    expect(chat.answers).to_have_count(1)  # the conversation stays
    expect(page.locator("policy-assistant")).to_have_attribute("lang", "zh-HK")
    screenshot(page, "zh-embedded")
    switch.click()
    expect(page.locator("[data-role=ask]")).to_have_text("Ask")
    page.context.close()


def test_the_languages_served():
    assert LANGUAGES == ("en", "zh-HK")
