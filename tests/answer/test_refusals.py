"""Refusals offer only topics that share something with the question, and say so plainly when none does."""

from __future__ import annotations

import pytest

from assistant.config import PROJECT_ROOT
from assistant.evaluation.suite import load_suite
from assistant.query.followups import topic_words
from assistant.text.tokens import tokenize

CASES = [c for name in ("golden", "personas", "followups")
         for c in load_suite(PROJECT_ROOT / "eval" / "suites" / f"{name}.yaml") if c.expect == "refuse"]


def chapter_headings(assistant) -> set[str]:
    return {c.section[-1] for c in assistant.index.chunks if len(c.section) == 2}


@pytest.mark.parametrize("question", ["What is the minimum wage?", "Who won the last football World Cup?",
                                      "How do I bake Hong Kong-style egg tarts?"])
def test_a_question_sharing_nothing_with_the_document_gets_no_topics(assistant, question):
    answer = assistant.ask(question)
    assert answer.refused and answer.reason == "not_in_document"
    assert answer.topics == []
    assert "Nothing in it comes close to this question." in answer.answer and "Closest topics" not in answer.answer


def test_a_near_question_gets_the_topics_it_shares_words_with(assistant):
    answer = assistant.ask("How much will the SmartView camera upgrade cost taxpayers?")
    assert answer.refused and answer.reason == "missing_detail"
    assert answer.topics == ["Expand the application of AI in public services"]
    assert "Closest topics it does cover: Expand the application of AI in public services." in answer.answer


def test_every_refusal_topic_shares_a_word_with_the_question_and_no_chapter_is_offered_unasked(assistant):
    chapters = chapter_headings(assistant)
    assert "Background" in chapters
    offered = 0
    for case in CASES:
        answer = assistant.ask(case.question, case.history)
        wanted = set(topic_words(" ".join([*(t.content for t in case.history if t.role == "user"), case.question])))
        for topic in answer.topics:
            offered += 1
            passages = [c for c in assistant.index.chunks if c.section and c.section[-1] == topic]
            words = set(tokenize(topic)) if topic in chapters else \
                {w for c in passages for w in tokenize(f"{topic} {c.text}")}
            assert wanted & words, (case.id, topic)
    assert offered >= 10  # the rule still offers topics where they help


def test_a_detail_asked_of_a_name_no_document_mentions_is_refused(assistant):
    answer = assistant.ask("How much is Singapore spending on its national AI strategy?")
    assert answer.refused and answer.reason == "not_in_document"
    # An acronym in capitals is not such a name: the chapter spells out closed-circuit television.
    assert not assistant.ask("How many new CCTV cameras are going up each year under SmartView?").refused
