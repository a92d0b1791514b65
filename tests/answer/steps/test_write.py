"""Step ``write``: the writer's answer, streamed; a verified writer keeps only supported sentences."""

import pytest

from assistant.answer.backend import BackendError
from assistant.answer.breaker import CircuitBreaker
from assistant.answer.steps import DraftStep, Write
from assistant.answer.writers import VerifiedWriter
from assistant.backends.testing import ScriptedBackend


@pytest.fixture
def drafted(assistant, context):
    def draft(question: str, writer=None):
        run = context(question, writer=writer)
        vectors, passages = assistant.retrieve(run.query)
        run.plan = assistant.pipeline.step("plan").decide(run.reading, run.query, vectors, passages)
        list(DraftStep(assistant.composer).run(run))
        return run

    return draft


def test_the_draft_writer_streams_the_draft(drafted):
    run = drafted("How much is the AI Subsidy Scheme?")
    events = list(Write().run(run))
    assert "".join(e.text for e in events) == run.draft.text == run.answer.answer and run.ended


def test_a_verified_writer_drops_what_its_sources_do_not_support(assistant, drafted):
    backend = ScriptedBackend(["The AI Subsidy Scheme has $3 billion [1]. It pays every citizen $5 million [1]."])
    run = drafted("How much is the AI Subsidy Scheme?", assistant.writers.writer(backend))
    events = list(Write().run(run))
    assert [e.text for e in events] == ["The AI Subsidy Scheme has $3 billion [1]. "]
    assert run.answer.answer == "The AI Subsidy Scheme has $3 billion [1]." and run.answer.grounded == 0.5


def test_a_failing_backend_yields_the_draft_degraded_and_opens_its_breaker(assistant, drafted):
    backend = ScriptedBackend([BackendError("the model crashed")])
    writer = VerifiedWriter(backend, CircuitBreaker(threshold=1, reset_after=60), assistant.prompts,
                            assistant.writers.generation)
    run = drafted("How much is the AI Subsidy Scheme?", writer)
    assert list(Write().run(run)) == []
    assert run.answer.degraded and run.answer.answer == run.draft.text and "the model crashed" in run.answer.reason
    again = drafted("How much is the AI Subsidy Scheme?", writer)
    list(Write().run(again))
    assert writer.breaker.is_open and "failed repeatedly" in again.answer.reason and len(backend.requests) == 1
