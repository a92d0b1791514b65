"""A question that gives an amount or a year the document never states gets a note, whatever writes the answer."""

from __future__ import annotations

import httpx
import pytest

from assistant.query.premises import StatedFigures, figures_in
from tests.api.test_stream import read_events
from tests.fake_openai import Reply

NOTE = "The document does not state the"


@pytest.mark.parametrize(("question", "kinds"), [
    ("How do I apply for the $30 billion AI Subsidy Scheme?", ["amount"]),
    ("Is the HK$3,000 million AI Subsidy Scheme still open?", []),   # $3 billion, written another way
    ("Why was the International Clinical Trial Academy put off until 2031?", ["year"]),
    ("Will the clinical trial academy open in 2027?", []),
    ("I am 67 and have 3 grandchildren: is there anything for me?", []),  # the asker's own numbers
    ("Is the $40 billion scheme from 2019 still running?", ["amount", "year"]),
])
def test_the_figures_checked_are_those_of_the_whole_document(assistant, question, kinds):
    assert assistant.stated_figures.unstated(*figures_in(question)) == kinds


def test_figures_are_read_from_every_text_given():
    stated = StatedFigures.of(["$3 billion in 2025.", "US$1.5 million by 2030."])
    assert stated.amounts == {3e9, 1.5e6} and stated.years == {"2025", "2030"}


def test_a_false_amount_is_flagged_and_not_repeated(assistant):
    answer = assistant.ask("How do I apply for the $25 billion AI Subsidy Scheme?", backend="extractive")
    assert answer.answer.startswith(f"{NOTE} amount given in your question")
    assert "$3 billion" in answer.answer and "$25 billion" not in answer.answer
    assert not answer.refused and answer.citations


def test_a_true_premise_gets_no_note(assistant):
    answer = assistant.ask("Which bureau runs the $3 billion AI Subsidy Scheme?", backend="extractive")
    assert NOTE not in answer.answer and "ITIB" in answer.answer


def test_a_refusal_gets_no_note(assistant):
    answer = assistant.ask("Where can I buy a $2 million apartment with a sea view?", backend="extractive")
    assert answer.refused and NOTE not in answer.answer


def test_a_generative_answer_gets_the_note_too(openai_assistant, fake_openai):
    fake_openai.script = [Reply(content="The AI Subsidy Scheme has $3 billion [1].")]
    answer = openai_assistant.ask("How much of the $8 billion AI Subsidy Scheme is left?")
    assert answer.answer == f"{NOTE} amount given in your question; here is what it does say. " \
                            "The AI Subsidy Scheme has $3 billion [1]."


def test_the_note_streams_first(live_server):
    body = {"question": "When was the CorpID Platform launched in 2019?"}
    with httpx.stream("POST", f"{live_server.url}/api/ask/stream", json=body, timeout=30) as response:
        events = read_events(response)
    deltas = [data["text"] for name, data in events if name == "delta"]
    assert deltas[0].startswith(f"{NOTE} year given in your question")
    assert "".join(deltas).strip() == events[-1][1]["answer"]
