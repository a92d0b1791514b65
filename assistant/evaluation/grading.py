"""Deterministic metrics for one case: retrieval from ranked ids, answers from the answer object.

Each metric is a number in [0, 1], or ``None`` when it does not apply to the case (hit@k of a question
that should be refused, citation precision of a refusal); summaries average only the cases it applies to.
Refusals are graded both ways: ``refused_when_expected`` (recall of refusals: a miss is an answer that
should have been a refusal), ``answered_when_expected`` (a miss is a refusal of an answerable question)
and ``refusal_precision`` (share of refusals that were right).

>>> retrieval_metrics(["a", "b"], {"b"}, k=2)["mrr@2"]
0.5
>>> retrieval_metrics(["a", "b"], set(), k=2)["mrr@2"] is None
True
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.verification import CitationVerifier
from assistant.evaluation.citations import citation_checks, citation_precision, citation_recall
from assistant.evaluation.metrics import hit_at_k, mrr_at_k, ndcg_at_k, precision_at_k, recall_at_k
from assistant.evaluation.sources import ExpectedSources
from assistant.evaluation.suite import Case
from assistant.types import Answer

Metrics = dict[str, float | None]


def retrieval_metrics(ranked: Sequence[str], relevant: set[str], k: int) -> Metrics:
    """hit@1 and hit, recall, precision, MRR and nDCG at ``k``; all ``None`` without relevant ids."""
    measured = bool(relevant)
    functions = {"hit@1": (hit_at_k, 1), f"hit@{k}": (hit_at_k, k), f"recall@{k}": (recall_at_k, k),
                 f"precision@{k}": (precision_at_k, k), f"mrr@{k}": (mrr_at_k, k), f"ndcg@{k}": (ndcg_at_k, k)}
    return {name: function(ranked, relevant, cutoff) if measured else None
            for name, (function, cutoff) in functions.items()}


def refusal_metrics(case: Case, answer: Answer) -> Metrics:
    """Whether the answer/refusal decision was right, seen from both sides."""
    graded = case.expect in ("answer", "refuse")
    return {
        "answered_when_expected": float(not answer.refused) if case.expect == "answer" else None,
        "refused_when_expected": float(answer.refused) if case.expect == "refuse" else None,
        "refusal_precision": float(case.expect == "refuse") if graded and answer.refused else None,
    }


def answer_metrics(case: Case, answer: Answer, expected: ExpectedSources, verifier: CitationVerifier) -> Metrics:
    """Facts, refusals, citations and groundedness of one answer."""
    answerable = case.expect == "answer"
    facts = case.facts.check(answer.answer)
    checks = [] if answer.refused else citation_checks(answer, expected.relevant, verifier)
    return {
        "facts": float(facts.passed) if (answerable and case.facts.required) else None,
        "no_forbidden_facts": float(not facts.forbidden_found) if case.facts.none else None,
        **refusal_metrics(case, answer),
        "citation_precision": citation_precision(checks),
        "citation_recall": citation_recall(answer, expected.groups) if answerable else None,
        "grounded": None if answer.refused else answer.grounded,
    }
