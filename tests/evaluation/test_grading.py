"""Deterministic grading: citations one by one, refusals both ways, sources as quotes, unmeasurable cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer.verification import CitationVerifier
from assistant.evaluation.citations import citation_checks, citation_precision, citation_recall
from assistant.evaluation.grading import refusal_metrics
from assistant.evaluation.groups import Selector, SelectorError
from assistant.evaluation.runner import RunOptions, SuiteRunner, summarise
from assistant.evaluation.sources import SourceResolver
from assistant.evaluation.suite import Case, load_suite
from assistant.evaluation.thresholds import ThresholdError, load_thresholds, parse_fail_under
from assistant.types import Answer, Bureau, Citation

ITIB = Bureau(code="ITIB", name="Innovation, Technology and Industry Bureau")
SUBSIDY = Citation(n=1, id="c-subsidy", text="Continue to implement the $3 billion AI Subsidy Scheme. (ITIB)",
                   section="AI > Data", bureaux=[ITIB], score=0.03)
HYDROGEN = Citation(n=2, id="c-hydrogen", text="Set up hydrogen filling facilities in Kowloon by 2027. (EEB)",
                    section="New energy", score=0.02)


def checks(text: str, relevant: set[str]) -> list[bool]:
    answer = Answer(answer=text, citations=[SUBSIDY, HYDROGEN])
    return [c.correct for c in citation_checks(answer, relevant, CitationVerifier())]


def test_a_citation_is_right_when_its_passage_supports_the_sentence():
    assert checks("The AI Subsidy Scheme has $3 billion [1].", set()) == [True]
    assert checks("The AI Subsidy Scheme has $30 billion [1].", set()) == [False]
    assert checks("Hydrogen facilities will open in Kowloon by 2027 [2].", set()) == [True]
    assert checks("Hydrogen facilities will open in Kowloon by 2029 [2].", set()) == [False]


def test_a_citation_of_an_expected_source_is_right_even_when_the_wording_differs():
    assert checks("The AI Subsidy Scheme has $30 billion [1].", {"c-subsidy"}) == [True]


def test_each_marker_counts_on_its_own():
    # [2] does not support the subsidy sentence; [7] points to no source at all.
    assert checks("The AI Subsidy Scheme has $3 billion [1][2]. Nothing else [7].", set()) == [True, False, False]
    answer = Answer(answer="The AI Subsidy Scheme has $3 billion [1][2].", citations=[SUBSIDY, HYDROGEN])
    assert citation_precision(citation_checks(answer, set(), CitationVerifier())) == 0.5
    assert citation_precision([]) is None


def test_a_responsible_list_checks_each_bureau_against_its_own_passage():
    responsible = "Responsible: Innovation, Technology and Industry Bureau (ITIB)"
    assert checks(f"The AI Subsidy Scheme has $3 billion [1]. {responsible} [1].", set()) == [True, True]
    assert checks(f"{responsible} [2].", set()) == [False]


def test_citation_recall_counts_expected_sources_cited():
    answer = Answer(answer="It has $3 billion [1].", citations=[SUBSIDY, HYDROGEN])  # [2] listed, never cited
    assert citation_recall(answer, [frozenset({"c-subsidy"}), frozenset({"c-hydrogen"})]) == 0.5
    assert citation_recall(answer, []) is None


def test_refusals_are_graded_both_ways():
    should_answer = Case(id="a", question="q", expect="answer")
    should_refuse = Case(id="r", question="q", expect="refuse")
    refused, answered = Answer(answer="no", refused=True), Answer(answer="yes [1].")
    assert refusal_metrics(should_answer, refused) == {
        "answered_when_expected": 0.0, "refused_when_expected": None, "refusal_precision": 0.0}
    assert refusal_metrics(should_refuse, answered) == {
        "answered_when_expected": None, "refused_when_expected": 0.0, "refusal_precision": None}
    assert refusal_metrics(should_refuse, refused)["refusal_precision"] == 1.0


def test_sources_resolve_by_id_quote_and_long_context(index):
    chunks = index.chunks
    resolver = SourceResolver(chunks)
    first, second = chunks[10], chunks[11]
    context = f"{first.text}\n{second.text}"  # a RAGAS reference context spanning two passages
    expected = resolver.resolve([first.id, second.text[5:60], context, "words the document never says"])
    assert expected.groups[0] == {first.id}
    assert second.id in expected.groups[1]
    assert {first.id, second.id} <= expected.groups[2]
    assert expected.unmatched == ["words the document never says"]


def test_ragas_records_load_as_cases(tmp_path: Path):
    path = tmp_path / "ragas.jsonl"
    records = [{"user_input": "How much is the AI Subsidy Scheme?", "reference": "$3 billion.",
                "reference_contexts": ["the $3 billion AI Subsidy Scheme"], "response": "an earlier answer",
                "retrieved_contexts": ["ignored"]}]
    path.write_text("\n".join(json.dumps(r) for r in records))
    [case] = load_suite(path)
    assert (case.id, case.question, case.reference, case.sources, case.expect) == (
        "ragas-1", "How much is the AI Subsidy Scheme?", "$3 billion.", ["the $3 billion AI Subsidy Scheme"], "answer")


def test_an_unmeasurable_case_is_reported_and_left_out_of_the_means(assistant):
    good = Case(id="good", question="How much is the AI Subsidy Scheme?", sources=["$3 billion AI Subsidy Scheme"],
                suite="s")
    lost = Case(id="lost", question="How much is the AI Subsidy Scheme?", sources=["a quote from another corpus"],
                suite="s")
    results = SuiteRunner(assistant.retriever, RunOptions(retrieval_only=True)).run([good, lost])
    assert results[1].metrics["hit@1"] is None
    assert "matches no passage" in results[1].notes[0]
    summary = summarise(results)
    assert (summary["hit@1"], summary["hit@1.n"], summary["cases"]) == (1.0, 1, 2)


def test_group_selectors_and_fail_under_specs():
    case = Case(id="x", question="q", tags=["citizen", "follow-up"], suite="personas")
    assert Selector.parse("personas,tag:citizen").matches(case)
    assert not Selector.parse("personas,-tag:follow-up").matches(case)
    assert not Selector.parse("golden").matches(case)
    threshold = parse_fail_under("personas,tag:citizen:hit@1=0.8")
    assert threshold.selector == Selector("personas", ("citizen",))
    assert (threshold.metric, threshold.minimum) == ("hit@1", 0.8)
    for bad in ("hit@1", "hit@1=high", "=0.5", "a,b:hit@1=0.5"):
        with pytest.raises(ThresholdError):
            parse_fail_under(bad)
    with pytest.raises(SelectorError):
        Selector.parse("tags:citizen")


def test_a_thresholds_file_with_an_unknown_key_is_refused(tmp_path: Path):
    path = tmp_path / "thresholds.yaml"
    path.write_text("groups:\n  golden: {hit@1: 0.9}\nmaximums: {}\n")
    with pytest.raises(ThresholdError, match="maximums"):
        load_thresholds(path)
