"""Support-seeking chat questions answered from the catalogue: the detector, and the cited list."""

import re

import pytest

from assistant.config import PROJECT_ROOT
from assistant.evaluation.suite import load_suite
from assistant.query.reading import read_question
from assistant.schemes.route import SchemeRoute

SUITES = PROJECT_ROOT / "eval" / "suites"


@pytest.fixture(scope="module")
def route(assistant) -> SchemeRoute:
    return SchemeRoute(lambda: assistant.finder, assistant.prompts)


def is_support_question(question: str) -> bool:
    return read_question(question).support


def answer_support_question(route: SchemeRoute, question: str):
    return route.answer(question, read_question(question))


@pytest.mark.parametrize("question", [
    "What funding could my logistics start-up get?",
    "We're a small bank and want to try AI for catching fraud. Is there a scheme we could join?",
    "Our biotech firm needs help to run clinical trials. What is there?",
    "Are there any tax breaks for companies moving here? We're a medium-sized manufacturer.",
    "What support is there for small companies using AI?",
])
def test_support_seeking_questions_are_recognised(question):
    assert is_support_question(question)


@pytest.mark.parametrize("question", [
    "How much is the AI Subsidy Scheme?",
    "How do I apply for the Construction Innovation and Technology Fund for my firm?",
    "Which bureau runs the CorpID Platform?",
    "My bike got stolen. Can I report it without forms?",
    "Will there be more funding for hospitals?",
    "Our company wants to know when the hydrogen stations open.",
])
def test_other_questions_are_left_to_the_usual_answer(question):
    assert not is_support_question(question)


def test_no_golden_question_is_taken_for_a_support_question():
    assert not [c.id for c in load_suite(SUITES / "golden.yaml") if is_support_question(c.question)]


def test_enterprise_questions_answered_from_the_catalogue_keep_their_facts_and_sources(route):
    cases = [c for c in load_suite(SUITES / "personas.yaml") if is_support_question(c.question) and not c.history]
    assert len(cases) >= 6
    for case in cases:
        answer = answer_support_question(route, case.question)
        check = case.facts.check(answer.answer)
        assert check.passed, (case.id, check, answer.answer)
        if case.sources:
            assert any(s in c.text for s in case.sources for c in answer.citations), case.id


def test_the_answer_is_a_cited_list_with_the_bureaux(route, index):
    answer = answer_support_question(route, "Our AI start-up can't afford GPU time. What subsidies could we get?")
    assert not answer.refused and answer.backend == "extractive"
    lines = answer.answer.splitlines()
    assert lines[0].startswith("These support measures in the document could fit")
    items = [line for line in lines if line.startswith("- ")]
    assert len(items) == len(answer.citations) >= 2
    assert any(item.startswith("- AI Subsidy Scheme (HK$3 billion): A $3 billion scheme") for item in items)
    markers = [int(n) for n in re.findall(r"\[(\d+)\]", "\n".join(items))]
    assert markers == [c.n for c in answer.citations] == list(range(1, len(items) + 1))
    chunks = {c.id: c for c in index.chunks}
    for citation in answer.citations:
        assert citation.text == chunks[citation.id].text and citation.bureaux
    assert lines[-1].startswith("Responsible: ") and "Innovation, Technology and Industry Bureau (ITIB) [" in lines[-1]


def test_a_question_nothing_fits_is_answered_honestly(route):
    answer = answer_support_question(route, "We run a hair salon. What grants could my business get?")
    assert answer.answer.startswith("Nothing in the document is aimed at an enterprise like yours")
    assert answer.citations and answer.topics
