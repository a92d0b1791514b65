"""The local backend with the real SmolLM2-135M file: loads once, streams, and stays grounded."""

import time

import pytest

from assistant.backends import ChatMessage, GenerationRequest, create_backend
from assistant.backends.local import load_model

pytestmark = pytest.mark.slow


def test_streams_text_and_loads_the_model_once(settings):
    backend = create_backend("local", settings)
    request = GenerationRequest(messages=[ChatMessage(role="user", content="Name one colour.")], max_tokens=12)
    pieces = list(backend.generate(request))
    assert len(pieces) > 1 and "".join(pieces).strip()
    loads = load_model.cache_info().misses
    started = time.perf_counter()
    list(backend.generate(request))
    assert load_model.cache_info().misses == loads
    assert time.perf_counter() - started < 10


def test_answers_through_the_pipeline_are_grounded_or_fall_back(assistant):
    answer = assistant.ask("When will the CorpID Platform be launched?", backend="local")
    if answer.refused:
        assert answer.reason in ("unsupported", "not_in_document")
    elif answer.degraded:
        assert "2026" in answer.answer and answer.reason
    else:
        assert answer.backend == "local" and answer.grounded > 0 and answer.citations
