"""One contract, run against every built-in backend: grounded, cited answers whatever writes them."""

import re

import pytest

from assistant.answer.events import DeltaEvent, DoneEvent, SourcesEvent
from assistant.backends import GenerationRequest, available_backends, create_backend

BACKENDS = ["extractive", "openai", pytest.param("local", marks=pytest.mark.slow)]


@pytest.fixture(params=BACKENDS)
def subject(request, assistant, openai_assistant):
    """(assistant, backend name): the openai backend talks to a chat-completions server on loopback."""
    name = request.param
    return (openai_assistant if name == "openai" else assistant), name


def test_every_built_in_backend_is_listed():
    assert {"extractive", "openai", "local"} <= set(available_backends())


def test_answers_are_cited_and_grounded(subject, index):
    assistant, name = subject
    answer = assistant.ask("How much money is in the AI Subsidy Scheme?", backend=name)
    assert answer.backend in (name, "extractive")
    assert 0.0 <= answer.grounded <= 1.0
    if answer.refused:
        assert answer.reason and not answer.citations
        return
    numbers = {c.n for c in answer.citations}
    assert numbers and set(map(int, re.findall(r"\[(\d+)\]", answer.answer))) <= numbers
    corpus = {c.text for c in index.chunks}
    assert all(c.text in corpus for c in answer.citations)
    if not answer.degraded:
        assert answer.backend == name and answer.grounded > 0


def test_off_topic_questions_are_refused(subject):
    assistant, name = subject
    answer = assistant.ask("What is the best recipe for egg tarts?", backend=name)
    assert answer.refused and answer.citations == []


def test_stream_sends_sources_then_text_then_the_answer(subject):
    assistant, name = subject
    events = list(assistant.ask_stream("When will the CorpID Platform launch?", backend=name))
    assert isinstance(events[0], SourcesEvent) and events[0].citations
    assert isinstance(events[-1], DoneEvent)
    assert all(isinstance(e, DeltaEvent) for e in events[1:-1])
    answer = events[-1].answer
    streamed = "".join(e.text for e in events[1:-1]).strip()
    if not answer.degraded and not answer.refused:
        assert streamed == answer.answer.strip()
    cited_numbers = {c.n for c in events[0].citations}
    assert {c.n for c in answer.citations} <= cited_numbers or answer.degraded


def test_generate_yields_text(subject):
    assistant, name = subject
    backend = create_backend(name, assistant.settings)
    request = GenerationRequest(messages=assistant.prompts.answer_request("What is CorpID?", [], "Draft [1].").messages,
                                draft="Draft [1].", max_tokens=16)
    pieces = list(backend.generate(request))
    assert pieces and all(isinstance(p, str) for p in pieces)
