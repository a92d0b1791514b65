"""Personal data in questions: detected, never sent to a backend, never logged; refused or redacted."""

import logging

import pytest

from assistant.query.privacy import find_personal_data, hkid_is_valid, luhn_is_valid, redact
from assistant.service import Assistant
from tests.fake_openai import Reply


@pytest.mark.parametrize(("text", "kinds"), [
    ("My HKID is A123456(3).", ["hkid"]),
    ("ID AB987654(3) please", ["hkid"]),
    ("Call me on 9123 4567 or +852 2123-4567", ["phone", "phone"]),
    ("write to chan.tai.man@example.com.hk", ["email"]),
    ("card 4111 1111 1111 1111 exp 12/27", ["card"]),
    ("card 4111-1111-1111-1112", []),            # fails the Luhn check
    ("HKID A123456(4)", ["hkid"]),               # introduced as one: a mistyped check digit still counts
    ("ref A123456(4)", []),                      # wrong check digit, not introduced as an HKID
    ("office 3123 4567 0044 20 7946 0958", ["phone", "phone"]),  # a local number listed before a foreign one
    ("by 2025 2026 and 20 000 cameras", []),     # years and counts are not phones
    ("the $10 billion fund and 12345678", []),
])
def test_detection(text, kinds):
    assert [item.kind for item in find_personal_data(text)] == kinds


def test_check_digits():
    assert hkid_is_valid("A", "123456", "3") and hkid_is_valid("Z", "683365", "A")
    assert luhn_is_valid("4111111111111111") and not luhn_is_valid("4111111111111112")


def test_redact_keeps_the_question():
    assert redact("I am A123456(3); is CorpID for me?") == "I am [HKID number]; is CorpID for me?"


def test_refuse_mode_asks_to_remove_it_and_sends_nothing(openai_assistant, fake_openai, caplog):
    caplog.set_level(logging.DEBUG)
    answer = openai_assistant.ask("My phone is 9123 4567, when does CorpID launch?")
    assert answer.refused and answer.reason == "personal_data" and "phone number" in answer.answer
    assert fake_openai.requests == []
    assert "9123 4567" not in caplog.text and "9123 4567" not in answer.query


def test_personal_data_in_the_history_counts_too(openai_assistant, fake_openai):
    from assistant.types import Turn

    answer = openai_assistant.ask("When does it launch?", [Turn(role="user", content="I am A123456(3). CorpID?")])
    assert answer.reason == "personal_data" and fake_openai.requests == []


def test_redact_mode_answers_without_the_data(openai_assistant, fake_openai):
    settings = openai_assistant.settings.model_copy(update={"personal_data": "redact"})
    assistant = Assistant(settings, openai_assistant.index, openai_assistant.embedder)
    fake_openai.script = [Reply(content="The CorpID Platform launches in end-2026 [1].")]
    answer = assistant.ask("I am chan@example.com. When does the CorpID Platform launch?")
    assert not answer.refused and "end-2026" in answer.answer
    sent = str(fake_openai.requests)
    assert "chan@example.com" not in sent and "[e-mail address]" in sent


def test_invisible_characters_are_removed_before_answering(assistant):
    answer = assistant.ask("How much is the AI\u200b Subsidy\U000E0020 Scheme?\u202e")
    assert answer.query == "How much is the AI Subsidy Scheme?" and "$3 billion" in answer.answer


def test_api_rejects_a_question_that_is_only_invisible_characters(client):
    response = client.post("/api/ask", json={"question": "\u200b\u200b\U000E0041"})
    assert response.status_code == 422 and "must not be empty" in response.json()["error"]["message"]


def test_the_refusal_names_every_kind_found_and_nothing_is_sent(openai_assistant, fake_openai):
    answer = openai_assistant.ask("I live at Flat 12B, 8/F, 23 Nathan Road; passport K12345678; "
                                  "mail chan＠example．com. Can I get the AI subsidy?")
    assert answer.refused and answer.reason == "personal_data"
    assert "(a street address and a passport number and an e-mail address)" in answer.answer
    assert fake_openai.requests == [] and answer.query == ""


def test_a_placeholder_longer_than_what_it_replaces_fits_a_full_turn(openai_assistant, fake_openai):
    from assistant.types import Turn

    settings = openai_assistant.settings.model_copy(update={"personal_data": "redact"})
    assistant = Assistant(settings, openai_assistant.index, openai_assistant.embedder)
    full = ("a@b.hk " * 1200)[:8000]  # 8,000 characters, each address shorter than "[e-mail address]"
    answer = assistant.ask("When does it launch?", [Turn(role="user", content=f"CorpID? {full}"[:8000]),
                                                   Turn(role="assistant", content=full)])
    assert answer.reason != "personal_data" and "a@b.hk" not in str(fake_openai.requests)
