"""A citation of a document published in two languages links its other version, in the browser."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from assistant.api import create_app
from tests.answer.test_document_versions import bilingual_assistant
from tests.browser.conftest import Chat, screenshot
from tests.conftest import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


@pytest.fixture(scope="module")
def bilingual_service(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[LiveServer]:
    server = LiveServer(create_app(bilingual_assistant(tmp_path_factory, embedder))).start()
    yield server
    server.stop()


def test_a_chinese_answer_cites_the_chinese_text_and_links_the_english_version(bilingual_service, page: Page):
    chat = Chat(page).open(f"{bilingual_service.url}/?lang=zh-HK")
    chat.ask("前沿科技研究支援計劃有幾多錢？")
    answer = chat.wait_done()
    marker = answer.locator("[data-role=answer] button.cite").first
    marker.click()
    passage = answer.locator(".passage")
    expect(passage.locator("[data-role=quote]")).to_contain_text("前沿科技研究支援計劃")
    expect(passage).not_to_contain_text("null")  # no bureau tag in this document: nothing in its place
    version = passage.locator("[data-role=document] [data-role=version]")
    expect(version).to_have_count(1)
    expect(version).to_have_attribute("href", "https://example.gov.hk/en/address.xml")
    expect(version).to_have_attribute("lang", "en")
    expect(version).to_contain_text("Policy Address")
    screenshot(page, "desktop-zh-answer-with-english-version")
