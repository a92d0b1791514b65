"""Run suite cases against the assistant and grade each one with deterministic metrics.

Each graded case is a :class:`CaseResult` whose metrics are numbers or ``None`` when the metric does not
apply (hit@k of a question that should be refused); summaries average only the cases that apply.

>>> results = run_suite(assistant, load_suite(Path("eval/suites/golden.yaml")))   # doctest: +SKIP
>>> summarise(results)["hit@1"]                                                    # doctest: +SKIP
0.93
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from assistant.answering import Assistant
from assistant.answers import Answer
from assistant.chunking import Chunk
from assistant.evaluation.metrics import hit_at_k, mrr_at_k, ndcg_at_k, percentile, precision_at_k, recall_at_k
from assistant.evaluation.suite import Case, SuiteError

_SPACES = re.compile(r"\s+")


def _normalise(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def relevant_ids(case: Case, chunks: list[Chunk]) -> set[str]:
    """Chunk ids that answer ``case``: sources given as ids, or chunks containing a source quote."""
    ids: set[str] = set()
    known = {c.id for c in chunks}
    for source in case.sources:
        if source in known:
            ids.add(source)
            continue
        quote = _normalise(source)
        matches = {c.id for c in chunks if quote in _normalise(c.text)}
        if not matches:
            raise SuiteError(f"case {case.id}: source {source!r} is neither a chunk id nor a quote from the corpus")
        ids |= matches
    return ids


@dataclass
class CaseResult:
    """One case's answer and its metrics (``None`` where a metric does not apply)."""

    case: Case
    answer: Answer
    retrieved: list[str]
    relevant: set[str]
    latency_ms: float
    metrics: dict[str, float | None] = field(default_factory=dict)


def grade(case: Case, answer: Answer, retrieved: list[str], relevant: set[str], k: int,
          context_chars: int) -> dict[str, float | None]:
    """Deterministic metrics for one answered case."""
    answerable = case.expect == "answer"
    ranked = relevant and answerable
    facts = case.facts.check(answer.answer)
    metrics: dict[str, float | None] = {
        "hit@1": hit_at_k(retrieved, relevant, 1) if ranked else None,
        f"hit@{k}": hit_at_k(retrieved, relevant, k) if ranked else None,
        f"recall@{k}": recall_at_k(retrieved, relevant, k) if ranked else None,
        f"precision@{k}": precision_at_k(retrieved, relevant, k) if ranked else None,
        f"mrr@{k}": mrr_at_k(retrieved, relevant, k) if ranked else None,
        f"ndcg@{k}": ndcg_at_k(retrieved, relevant, k) if ranked else None,
        "facts": float(facts.passed) if (answerable and case.facts.required) else None,
        "no_forbidden_facts": float(not facts.forbidden_found) if case.facts.none else None,
        "answered_when_expected": float(not answer.refused) if answerable else None,
        "refused_when_expected": float(answer.refused) if case.expect == "refuse" else None,
        f"context_chars@{k}": float(context_chars),
    }
    return metrics


def run_case(assistant: Assistant, case: Case, k: int = 5) -> CaseResult:
    """Ask ``case``'s question, retrieve for the same query, and grade."""
    started = time.perf_counter()
    answer = assistant.ask(case.question, case.history)
    latency = (time.perf_counter() - started) * 1000
    passages = assistant.search(answer.query or case.question, k)
    retrieved = [p.chunk.id for p in passages]
    relevant = relevant_ids(case, assistant.index.chunks)
    context = sum(len(p.chunk.text) for p in passages)
    return CaseResult(case, answer, retrieved, relevant, latency, grade(case, answer, retrieved, relevant, k, context))


def run_suite(assistant: Assistant, cases: list[Case], k: int = 5) -> list[CaseResult]:
    """Run every case in order."""
    return [run_case(assistant, case, k) for case in cases]


def summarise(results: list[CaseResult]) -> dict[str, float | int]:
    """Mean of each metric over the cases it applies to, with counts, and latency percentiles."""
    summary: dict[str, float | int] = {"cases": len(results)}
    names = dict.fromkeys(name for r in results for name in r.metrics)
    for name in names:
        values = [r.metrics[name] for r in results if r.metrics.get(name) is not None]
        if values:
            summary[name] = sum(values) / len(values)
            summary[f"{name}.n"] = len(values)
    latencies = [r.latency_ms for r in results]
    summary["latency_p50_ms"] = percentile(latencies, 50)
    summary["latency_p95_ms"] = percentile(latencies, 95)
    return summary
