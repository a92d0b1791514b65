"""Answers are cached per assistant (one index) and backend; what is not deterministic is not cached."""

from assistant.answer.events import DoneEvent
from assistant.service import Assistant
from assistant.types import Turn


def test_a_repeated_question_is_served_from_the_cache(assistant):
    fresh = Assistant(assistant.settings, assistant.index, assistant.embedder)
    first = fresh.ask("What is the Smart Slope Catalogue?")
    again = fresh.ask("What is the Smart Slope Catalogue?")
    assert again.answer == first.answer and again.citations == first.citations
    # The run of a cached answer ends at the cache step: nothing is retrieved again.
    assert "retrieve" in first.timings and "retrieve" not in again.timings and fresh.answers.hits == 1
    events = list(fresh.ask_stream("What is the Smart Slope Catalogue?"))
    assert [type(e).__name__ for e in events] == ["SourcesEvent", "DeltaEvent", "DoneEvent"]


def test_the_key_includes_the_history_and_each_assistant_has_its_own_cache(assistant):
    fresh = Assistant(assistant.settings, assistant.index, assistant.embedder)
    fresh.ask("What is the Smart Slope Catalogue?")
    earlier = [Turn(role="user", content="Who runs the CorpID Platform?")]
    fresh.ask("What is the Smart Slope Catalogue?", earlier)
    assert fresh.answers.hits == 0
    fresh.ask("What is the Smart Slope Catalogue?")
    assert fresh.answers.hits == 1
    # A reindex builds a new assistant: it starts with an empty cache, so an old answer is never served.
    rebuilt = Assistant(assistant.settings, assistant.index, assistant.embedder)
    rebuilt.ask("What is the Smart Slope Catalogue?")
    assert rebuilt.answers.hits == 0


def test_generative_and_degraded_answers_are_not_cached(openai_assistant, fake_openai):
    from tests.fake_openai import Reply

    fake_openai.script = [Reply("status", status=500)] * 3
    first = openai_assistant.ask("What is the Smart Slope Catalogue?")
    second = openai_assistant.ask("What is the Smart Slope Catalogue?")
    assert first.degraded and not second.degraded and openai_assistant.answers.hits == 0
    assert isinstance(list(openai_assistant.ask_stream("What is CorpID?"))[-1], DoneEvent)
