"""The first golden suite, through the real pipeline: retrieval, answers and refusals meet their bars."""

from pathlib import Path

import pytest

from assistant.evaluation.runner import run_suite, summarise
from assistant.evaluation.suite import load_suite

SUITE = Path(__file__).resolve().parent.parent / "eval" / "suites" / "golden.yaml"


@pytest.fixture(scope="module")
def golden(assistant):
    cases = load_suite(SUITE)
    return cases, summarise(run_suite(assistant, cases))


def test_the_suite_is_big_enough(golden):
    cases, _ = golden
    answerable = [c for c in cases if c.expect == "answer"]
    assert len(answerable) >= 30
    assert sum("unanswerable" in c.tags for c in cases) >= 5
    assert sum("off-topic" in c.tags for c in cases) >= 3


def test_retrieval_finds_the_answering_passage(golden):
    _, summary = golden
    assert summary["hit@5"] >= 0.95
    assert summary["hit@1"] >= 0.85


def test_answers_contain_the_expected_facts(golden):
    _, summary = golden
    assert summary["facts"] >= 0.80


def test_negative_questions_are_refused(golden):
    _, summary = golden
    assert summary["refused_when_expected"] >= 0.80
