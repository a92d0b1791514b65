"""The chat page in real headless Chromium against a live server: streaming, citations, follow-ups, states.

Every test drives the page as a person would (typing, clicking) and waits for states, never for time.
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import Chat, screenshot

# Generous for the first test, which also builds the index and starts the servers; each step waits 10 s at most.
pytestmark = [pytest.mark.browser, pytest.mark.timeout(60)]

AI_SUBSIDY = "How much is the AI Subsidy Scheme?"
ITIB = "Innovation, Technology and Industry Bureau"

# Records every state an answer passes through, with its text at that moment.
RECORD_STATES = """() => {
    window.__states = [];
    const root = document.querySelector("policy-assistant").shadowRoot;
    new MutationObserver((records) => {
        for (const r of records) {
            const bot = r.target.closest && r.target.closest("[data-role=bot]");
            if (r.attributeName === "data-state" && bot)
                window.__states.push([bot.dataset.state, bot.querySelector("[data-role=answer]").textContent]);
        }
    }).observe(root, {subtree: true, attributes: true, attributeFilter: ["data-state"]});
}"""


def test_page_streams_an_answer_with_citation_markers(widget_service, watched):
    page, watch = watched
    chat = Chat(page).open(widget_service.url)
    expect(page.locator("[data-role=note]")).to_contain_text("Answers come from the policy document")
    expect(page.locator("[data-role=note]")).to_contain_text("Check them against the cited text")
    screenshot(page, "desktop-empty")
    page.evaluate(RECORD_STATES)
    chat.ask(AI_SUBSIDY)
    answer = chat.wait_done()
    expect(answer.locator("[data-role=answer]")).to_contain_text("$3 billion AI Subsidy Scheme")
    marker = answer.locator("[data-role=answer] button.cite")
    expect(marker.first).to_have_text("1")
    expect(marker.first).to_have_attribute("aria-label", re.compile(r"^Source 1: "))
    # It streamed: the answer was seen mid-way ("streaming", with text) before it was done...
    states = page.evaluate("() => window.__states")
    assert [s for s, _ in states][-1] == "answered"
    assert any(state == "streaming" and text for state, text in states), states
    # ...and the live region says the whole answer once, as a listener should hear it: no "[1]" markers.
    spoken = chat.live.inner_text()
    assert "AI Subsidy Scheme" in spoken and spoken.endswith("1 source.") and not re.search(r"\[\d+\]", spoken)
    assert chat.live.get_attribute("aria-live") == "polite"
    assert watch.asks == [{"question": AI_SUBSIDY, "history": []}]


def test_a_marker_shows_the_passage_with_heading_path_and_bureau(widget_service, page):
    chat = Chat(page).open(widget_service.url)
    chat.ask(AI_SUBSIDY)
    answer = chat.wait_done()
    passage = answer.locator(".passage")
    expect(passage).to_be_hidden()
    marker = answer.locator("[data-role=answer] button.cite").first
    marker.click()
    expect(passage).to_be_visible()
    expect(marker).to_have_attribute("aria-expanded", "true")
    expect(passage.locator("[data-role=quote]")).to_contain_text("Continue to implement the $3 billion AI Subsidy")
    expect(passage.locator("[data-role=path]")).to_have_text(
        "Industry Development and Reform › Promote the Development of the AI and Data Science Industries › "
        "Strengthen advantages in data for AI")
    expect(passage.locator("[data-role=bureau]")).to_have_text(f"Responsible: {ITIB} (ITIB)")
    # The source list under the answer names the heading and the bureau, and opens the same passage.
    sources = answer.locator("[data-role=sources] li")
    expect(sources).to_have_count(1)
    expect(sources.first).to_contain_text("Strengthen advantages in data for AI")
    expect(sources.first).to_contain_text(ITIB)
    screenshot(page, "desktop-answer-with-passage")
    marker.click()
    expect(passage).to_be_hidden()
    sources.first.locator("button").click()
    expect(passage).to_be_visible()


def test_a_follow_up_carries_the_history_and_is_resolved(widget_service, watched):
    page, watch = watched
    chat = Chat(page).open(widget_service.url)
    chat.ask(AI_SUBSIDY)
    first = chat.wait_done().locator("[data-role=answer]").inner_text()
    chat.ask("Which bureau runs it?")
    follow_up = chat.wait_done()
    expect(chat.answers).to_have_count(2)
    expect(follow_up.locator("[data-role=answer]")).to_contain_text(ITIB)
    follow_up.locator("button.cite").first.click()
    expect(follow_up.locator("[data-role=quote]")).to_contain_text("AI Subsidy Scheme")
    history = watch.asks[1]["history"]
    assert history[0] == {"role": "user", "content": AI_SUBSIDY}
    assert history[1]["role"] == "assistant" and history[1]["content"].startswith("Continue to implement")
    # The history carries the answer as written, with its [n] markers (the page shows them as buttons).
    assert "[1]" in history[1]["content"] and "[1]" not in first


def test_new_conversation_clears_the_history(widget_service, watched):
    page, watch = watched
    chat = Chat(page).open(widget_service.url)
    starters = page.locator("[data-role=starters] button")
    expect(starters).to_have_count(len(widget_service.settings.starter_questions))
    starters.first.click()
    chat.wait_done()
    expect(page.locator("[data-role=welcome]")).to_be_hidden()
    page.locator("[data-role=new]").click()
    expect(chat.answers).to_have_count(0)
    expect(page.locator("[data-role=welcome]")).to_be_visible()
    chat.ask("Which bureau runs it?")
    chat.wait_done(state=re.compile("answered|refused"))
    assert watch.asks[0]["question"] == widget_service.settings.starter_questions[0]
    assert watch.asks[-1] == {"question": "Which bureau runs it?", "history": []}


def test_a_refusal_offers_the_nearest_topics_as_questions(widget_service, watched):
    page, watch = watched
    chat = Chat(page).open(widget_service.url)
    chat.ask("Best pizza in Naples?")
    unrelated = chat.wait_done(state="refused")
    expect(unrelated.locator("[data-role=answer]")).to_contain_text("Nothing in it comes close to this question")
    expect(unrelated.locator("[data-role=topics]")).to_have_count(0)
    chat.ask("What is the name of the European company that will recycle aircraft in Hong Kong?")
    refusal = chat.wait_done(state="refused")
    expect(refusal.locator("[data-role=answer]")).to_contain_text("does not give the organisation's name")
    topics = refusal.locator("[data-role=topics] button")
    expect(topics.first).to_be_visible()
    topic = topics.first.inner_text()
    screenshot(page, "desktop-refusal")
    topics.first.click()
    chat.wait_done()  # the topic, asked as a question, is answered
    assert topic in watch.asks[-1]["question"]


def test_an_error_offers_a_retry_that_answers(widget_service, watched):
    page, watch = watched
    watch.expect_error("status of 500")
    chat = Chat(page).open(widget_service.url)
    page.route("**/api/ask/stream", lambda route: route.fulfill(
        status=500, content_type="application/json",
        body='{"error": {"code": "internal_error", "message": "internal error; it has been logged"}}'))
    chat.ask(AI_SUBSIDY)
    failed = chat.wait_done(state="error")
    expect(failed.locator("[data-role=error]")).to_have_text(
        "Sorry, no answer this time. Internal error; it has been logged.Try again")
    expect(failed.locator("[data-role=error]")).to_have_attribute("role", "alert")
    screenshot(page, "desktop-error")
    page.unroute("**/api/ask/stream")
    failed.locator("[data-role=retry]").click()
    expect(chat.wait_done().locator("[data-role=answer]")).to_contain_text("AI Subsidy Scheme")
    assert len(watch.asks) == 2 and watch.asks[0] == watch.asks[1]


def test_waiting_and_warming_up_are_shown(widget_service, watched):
    page, watch = watched
    watch.expect_error("status of 503")
    chat = Chat(page).open(widget_service.url)
    held: list[Route] = []
    page.route("**/api/ask/stream", lambda route: held.append(route))
    chat.ask(AI_SUBSIDY)
    answer = chat.answer()
    expect(answer).to_have_attribute("aria-busy", "true")
    expect(answer.locator("[data-role=status]")).to_contain_text("Searching the policy document")
    expect(page.locator("[data-role=ask]")).to_have_attribute("aria-disabled", "true")
    screenshot(page, "desktop-waiting")
    held[0].continue_()  # the held request goes on to the real server
    chat.wait_done()
    page.unroute("**/api/ask/stream")
    # Answer "starting" once (503 with Retry-After, as the service does while it warms up), then let it through.
    starting = {"left": 1}

    def warm(route: Route) -> None:
        if starting["left"]:
            starting["left"] -= 1
            route.fulfill(status=503, headers={"Retry-After": "1"}, content_type="application/json",
                          body='{"error": {"code": "unavailable", "message": "the assistant is starting"}}')
        else:
            route.continue_()

    page.route("**/api/ask/stream", warm)
    chat.ask("When will the CorpID Platform launch?")
    expect(chat.answer().locator("[data-role=status]")).to_contain_text("starting up")
    expect(chat.wait_done().locator("[data-role=answer]")).to_contain_text("CorpID")


def test_rating_an_answer_stores_a_row(widget_service, page):
    chat = Chat(page).open(widget_service.url)
    question = "When will the CorpID Platform launch?"
    chat.ask(question)
    answer = chat.wait_done()
    shown = answer.locator("[data-role=answer]").inner_text()
    answer.locator("button[data-rating=down]").click()
    expect(answer.locator(".feedback-status")).to_have_text("Thank you for your feedback.")
    expect(answer.locator("button[data-rating=down]")).to_have_attribute("aria-pressed", "true")
    answer.locator(".comment textarea").fill("Please give the month too.")
    answer.locator(".comment button").click()
    expect(answer.locator(".feedback-status")).to_have_text("Thank you, your comment was sent.")
    with sqlite3.connect(widget_service.feedback_db) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute("SELECT * FROM feedback WHERE question = ? ORDER BY id", (question,)).fetchall()
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [(r["rating"], r["comment"]) for r in rows] == [("down", ""), ("down", "Please give the month too.")]
    row = rows[0]
    assert row["answer_id"] == rows[1]["answer_id"] and row["backend"] == "extractive"
    assert row["answer"].startswith("Launch the CorpID Platform in end-2026") and "[1]" in row["answer"]
    assert re.sub(r"\s+", " ", row["answer"].replace("[1]", "1")) == re.sub(r"\s+", " ", shown)
    assert '"section": "Industry Development and Reform' in row["citations"] and ITIB in row["citations"]
    assert row["created_at"].endswith("+00:00") and not row["refused"]
    # Each rating carries its own UUID, so that a retried post is stored once.
    ids = [r["feedback_id"] for r in rows]
    uuid4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
    assert len(set(ids)) == 2 and all(uuid4.fullmatch(i) for i in ids)


def test_markup_in_a_question_is_shown_as_text(widget_service, watched):
    page, watch = watched
    chat = Chat(page).open(widget_service.url)
    hostile = "Who runs CorpID? <img src=x onerror=alert(1)><script>alert(2)</script>"
    chat.ask(hostile)
    chat.wait_done(state=re.compile("answered|refused"))
    expect(page.locator("[data-role=user]")).to_have_text("You: " + hostile)
    assert page.locator("policy-assistant img, policy-assistant script").count() == 0
    assert page.locator("img").count() == 0
    assert watch.dialogs == []


def test_the_page_forbids_inline_code(widget_service, watched):
    page, watch = watched
    watch.expect_error("Content Security Policy")
    response = page.goto(widget_service.url)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    # An inline script injected into the page is refused by the browser.
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.__ran = 1";
                             document.body.append(s); }""")
    assert page.evaluate("() => window.__ran") is None
    assert any("Content Security Policy" in error for error in watch.errors), watch.errors


def test_degraded_answers_say_so(degraded_service, page):
    chat = Chat(page).open(degraded_service.url)
    chat.ask(AI_SUBSIDY)
    answer = chat.wait_done(state="degraded")
    expect(answer.locator("[data-role=degraded]")).to_contain_text("quotes the document directly")
    expect(answer.locator("[data-role=answer]")).to_contain_text("$3 billion AI Subsidy Scheme")
    expect(answer.locator("[data-role=answer] button.cite")).not_to_have_count(0)
    screenshot(page, "desktop-degraded")


def _ratio(page: Page, pairs: list[tuple[str, str]]) -> list[float]:
    return [page.evaluate(CONTRAST, [fg, bg]) for fg, bg in pairs]


CONTRAST = """([a, b]) => {
    const rgb = (c) => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
    const linear = (v) => (v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    const lum = (c) => { const [r, g, b] = rgb(c).map(linear); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
}"""

# Every visible text in the widget and the page, with its colour and the background it is drawn on.
RENDERED_TEXT = """() => {
    const out = [];
    const background = (el) => {
        for (let node = el; node; node = node.parentElement || (node.getRootNode().host ?? null)) {
            const bg = getComputedStyle(node).backgroundColor;
            if (bg !== "rgba(0, 0, 0, 0)" && bg !== "transparent") return bg;
        }
        return "rgb(255, 255, 255)";
    };
    const walk = (root) => {
        for (const el of root.querySelectorAll("*")) {
            if (el.shadowRoot) walk(el.shadowRoot);
            const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
            const box = el.getBoundingClientRect();
            if (!own || !box.width || !box.height || el.closest(".sr-only")) continue;
            out.push({text: el.textContent.trim().slice(0, 40), color: getComputedStyle(el).color, bg: background(el)});
        }
    };
    walk(document);
    return out;
}"""


def test_rendered_text_meets_wcag_aa_contrast(widget_service, page):
    chat = Chat(page).open(widget_service.url)
    chat.ask(AI_SUBSIDY)
    answer = chat.wait_done()
    answer.locator("button.cite").first.click()
    answer.locator("button[data-rating=up]").click()
    expect(answer.locator(".comment")).to_be_visible()
    chat.ask("Best pizza in Naples?")
    chat.wait_done(state="refused")
    assert_readable(page)
    # The funding-scheme finder's form and cards too.
    page.get_by_role("tab", name="Find support").click()
    page.get_by_label("funding").check()
    page.get_by_role("button", name="Find support").click()
    page.locator("[data-role=scheme-card] summary").first.click()
    expect(page.locator("[data-role=scheme-card] .quote").first).to_be_visible()
    assert_readable(page)


def assert_readable(page: Page) -> None:
    texts = page.evaluate(RENDERED_TEXT)
    assert len(texts) > 20
    ratios = _ratio(page, [(t["color"], t["bg"]) for t in texts])
    low = [(t["text"], ratio) for t, ratio in zip(texts, ratios, strict=True) if ratio < 4.5]
    assert not low, low
