"""Step ``draft``: the extractive draft, numbered as the writer's sources are, and the sources sent first."""

import pytest

from assistant.answer.events import SourcesEvent
from assistant.answer.steps import DraftStep


@pytest.fixture
def planned(assistant, context):
    def plan(question: str, writer=None):
        run = context(question, writer=writer)
        vectors, passages = assistant.retrieve(run.query)
        run.plan = assistant.pipeline.step("plan").decide(run.reading, run.query, vectors, passages)
        return run

    return plan


def test_the_draft_writer_sends_the_passages_the_draft_cites(assistant, planned):
    run = planned("Which bureau runs the CorpID Platform?")
    events = list(DraftStep(assistant.composer).run(run))
    assert events == [SourcesEvent(run.draft.citations)] and run.draft.sources == run.draft.citations
    assert "[1]" in run.draft.text and "Responsible: " in run.draft.text


def test_a_generative_writer_gets_every_evidence_passage_in_rank_order(assistant, planned, verified_writer):
    run = planned("What will the Fire Services Department get?", verified_writer)
    list(DraftStep(assistant.composer).run(run))
    assert [s.id for s in run.draft.sources] == [p.chunk.id for p in run.plan.sources]
    assert {c.n for c in run.draft.citations} <= {s.n for s in run.draft.sources}
