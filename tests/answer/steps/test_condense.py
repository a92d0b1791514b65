"""Step ``condense``: the query is the rule's standalone question, or the model's when it writes a sensible one."""

from assistant.answer.backend import BackendError
from assistant.answer.steps import Condense
from assistant.backends.testing import ScriptedBackend
from assistant.types import Turn

HISTORY = [Turn(role="user", content="Who runs the CorpID Platform?"),
           Turn(role="assistant", content="The Innovation, Technology and Industry Bureau [1].")]


def test_the_draft_writer_takes_the_rule(context):
    run = context("When will it launch?", HISTORY)
    Condense().run(run)
    assert run.query == run.reading.standalone


def test_a_generative_writer_asks_its_model(assistant, context):
    backend = ScriptedBackend(["When will the CorpID Platform launch?"])
    run = context("When will it launch?", HISTORY, writer=assistant.writers.writer(backend))
    Condense().run(run)
    assert run.query == "When will the CorpID Platform launch?"
    assert "When will it launch?" in backend.requests[0].messages[0].content


def test_a_rambling_or_failing_model_falls_back_to_the_rule(assistant, context):
    for reply in ["Sure! " * 80, "Bananas are yellow.", "And when will it launch?", BackendError("down")]:
        run = context("When will it launch?", HISTORY, writer=assistant.writers.writer(ScriptedBackend([reply])))
        Condense().run(run)
        assert run.query == run.reading.standalone, reply


def test_a_question_that_stands_alone_is_not_sent_to_the_model(assistant, context):
    backend = ScriptedBackend(["anything"])
    run = context("When will the CorpID Platform launch?", HISTORY, writer=assistant.writers.writer(backend))
    Condense().run(run)
    assert run.query == "When will the CorpID Platform launch?" and backend.requests == []
