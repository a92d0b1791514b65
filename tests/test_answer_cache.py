"""Answers are cached per index version and backend; what is not deterministic is not cached."""

from assistant.service import Assistant, DoneEvent


def test_a_repeated_question_is_served_from_the_cache(assistant):
    fresh = Assistant(assistant.settings, assistant.index, assistant.embedder)
    first = fresh.ask("What is the Smart Slope Catalogue?")
    again = fresh.ask("What is the Smart Slope Catalogue?")
    assert again.answer == first.answer and again.citations == first.citations
    assert "cache" in again.timings and "embed" in first.timings and fresh.answers.hits == 1
    events = list(fresh.ask_stream("What is the Smart Slope Catalogue?"))
    assert [type(e).__name__ for e in events] == ["SourcesEvent", "DeltaEvent", "DoneEvent"]


def test_the_key_includes_the_index_version_and_the_history(assistant):
    fresh = Assistant(assistant.settings, assistant.index, assistant.embedder)
    fresh.ask("What is the Smart Slope Catalogue?")
    fresh.index.manifest = {**fresh.index.manifest, "build_id": "another-build"}
    try:
        assert "cache" not in fresh.ask("What is the Smart Slope Catalogue?").timings
    finally:
        fresh.index.manifest = {**fresh.index.manifest, "build_id": assistant.index.version}


def test_generative_and_degraded_answers_are_not_cached(openai_assistant, fake_openai):
    from tests.fake_openai import Reply

    fake_openai.script = [Reply("status", status=500)] * 3
    first = openai_assistant.ask("What is the Smart Slope Catalogue?")
    second = openai_assistant.ask("What is the Smart Slope Catalogue?")
    assert first.degraded and not second.degraded and "cache" not in second.timings
    assert isinstance(list(openai_assistant.ask_stream("What is CorpID?"))[-1], DoneEvent)
