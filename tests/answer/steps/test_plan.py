"""Step ``plan``: the evidence to answer from, or the refusal: an opinion, off topic, a missing detail."""

from dataclasses import replace

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


@pytest.mark.parametrize(("question", "unmet"), [
    # The AI Sandbox's passage names its second cohort; the flood alert system's names no third phase.
    ("Which districts get the third phase of the smart flood alert system?", "anything about a third one"),
    # A figure asked for a year the passages and their document never give.
    ("How much did the AI Subsidy Scheme pay out in 2019?", "figures for 2019"),
])
def test_a_question_about_what_the_passages_never_reach_is_refused(planned, question, unmet):
    run = planned(question)
    assert run.ended and run.answer.reason == "missing_detail" and unmet in run.answer.answer


@pytest.mark.parametrize("question", ["Who runs the second cohort of the AI Sandbox?",
                                      "Which company invests in AI companies as patient capital?"])
def test_an_ordinal_or_an_organisation_the_passage_gives_is_answered(planned, question):
    run = planned(question)
    assert not run.ended and isinstance(run.plan, Plan)


def test_the_first_passage_is_evidence_even_when_a_later_one_has_the_higher_cosine(assistant, context):
    # Retrieval fuses BM25 and the rules that follow it (newer, more specific, the detail asked): the passage
    # it puts first is the one to answer from, whatever the cosine of the ones after it.
    run = context("How much is the AI Subsidy Scheme?")
    vectors, passages = assistant.retrieve(run.query)
    step = assistant.pipeline.step("plan")
    best = max(p.dense_score for p in passages)
    first = replace(passages[0], dense_score=best - step.evidence_margin - 0.05)
    later = [replace(p, dense_score=best) if p is passages[1] else p for p in passages[1:]]
    plan = step.decide(run.reading, run.query, vectors, [first, *later])
    assert isinstance(plan, Plan) and plan.sources[0].chunk.id == first.chunk.id
    assert all(p.dense_score >= best - step.evidence_margin for p in plan.sources[1:])
