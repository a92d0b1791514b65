"""Step ``read``: the question is read once, with its history, for every later step."""

from assistant.answer.steps import Read
from assistant.types import Turn


def test_the_reading_carries_the_standalone_question(context):
    history = [Turn(role="user", content="Who runs the CorpID Platform?"), Turn(role="assistant", content="ITIB.")]
    run = context("When will it launch?", history, read=False)
    assert list(Read().run(run)) == []
    assert run.reading.detail == "date" and run.reading.follow_up
    assert run.reading.standalone == "Who runs the CorpID Platform? When will it launch?"
