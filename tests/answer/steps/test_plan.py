"""Step ``plan``: the evidence to answer from, or the refusal: an opinion, off topic, a missing detail."""

import pytest

from assistant.answer.context import Plan
from assistant.answer.steps import PlanStep


@pytest.fixture
def planned(assistant, context):
    def plan(question: str):
        run = context(question)
        run.vectors, run.passages = assistant.retrieve(run.query)
        PlanStep(assistant.composer, assistant.prompts, assistant.settings.min_relevance,
                 assistant.settings.evidence_margin).run(run)
        return run

    return plan


def test_an_answerable_question_gets_evidence_from_the_best_passages(planned):
    run = planned("How much is the AI Subsidy Scheme?")
    assert not run.ended and isinstance(run.plan, Plan)
    assert "$3 billion" in run.plan.evidence[0].sentence and run.plan.sources


@pytest.mark.parametrize(("question", "reason"), [
    ("Do you think the AI Subsidy Scheme is a good idea?", "opinion"),
    ("What is a good recipe for chocolate cake?", "not_in_document"),
    ("How much funding does the Construction Innovation and Technology Fund have?", "missing_detail"),
])
def test_what_the_passages_do_not_answer_is_refused(planned, question, reason):
    run = planned(question)
    assert run.ended and run.answer.refused and run.answer.reason == reason and run.plan is None


def test_the_threshold_can_be_swept_without_retrieving_again(assistant, context):
    run = context("How much is the AI Subsidy Scheme?")
    vectors, passages = assistant.retrieve(run.query)
    step = assistant.pipeline.step("plan")
    assert isinstance(step.decide(run.reading, run.query, vectors, passages, min_relevance=0.0), Plan)
    assert step.decide(run.reading, run.query, vectors, passages, min_relevance=0.99).reason == "not_in_document"
