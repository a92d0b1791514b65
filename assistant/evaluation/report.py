"""The evaluation report: one JSON-ready dict, and the terminal table printed from it.

The dict is what ``--report`` writes and ``--baseline`` reads back.

The report holds the run's settings, the summary overall, per suite and per tag, every case with its
answer, citations, expected and found sources and metrics, the gates checked, and the comparison with a
baseline when there was one. Metric means carry their counts (``hit@1.n``): how many cases were measured.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Sequence
from pathlib import Path

from assistant.evaluation.compare import Comparison
from assistant.evaluation.groups import by_suite, by_tag
from assistant.evaluation.runner import CaseResult, summarise
from assistant.evaluation.suite import SuiteError
from assistant.evaluation.thresholds import GateResult

REPORT_VERSION = 1

#: Metrics the terminal table shows per group, when measured, in this order.
HEADLINE = ("hit@1", "mrr@{k}", "ndcg@{k}", "facts", "citation_precision", "citation_recall",
            "answered_when_expected", "refused_when_expected", "refusal_precision", "faithfulness", "correctness")
#: Short column headers for tables with many columns.
SHORT_NAMES = {"answered_when_expected": "answered", "refused_when_expected": "refused",
               "refusal_precision": "refuse.p", "citation_precision": "cite.p", "citation_recall": "cite.r",
               "faithfulness": "faithful", "correctness": "correct"}


def case_record(result: CaseResult) -> dict:
    """Everything the HTML drill-down and a later comparison need about one case."""
    case, answer = result.case, result.answer
    facts = case.facts.check(answer.answer) if answer else None
    return {
        "key": f"{case.suite}/{case.id}", "suite": case.suite, "id": case.id, "question": case.question,
        "history": [t.model_dump() for t in case.history], "expect": case.expect, "tags": case.tags,
        "reference": case.reference, "sources": case.sources,
        "facts": case.facts.model_dump(),
        "facts_missing": facts.missing if facts else [],
        "facts_forbidden_found": facts.forbidden_found if facts else [],
        "answer": answer.model_dump(include={"answer", "refused", "reason", "backend", "degraded", "grounded", "query"})
        if answer else None,
        "citations": [c.model_dump(include={"n", "id", "section", "text"}) | {"expected": c.id in result.relevant}
                      for c in answer.citations] if answer else [],
        "retrieved": result.retrieved, "relevant": sorted(result.relevant),
        "latency_ms": round(result.latency_ms, 3), "metrics": result.metrics, "notes": result.notes,
    }


def build_report(results: Sequence[CaseResult], settings: dict, gates: Sequence[GateResult] = (),
                 comparison: Comparison | None = None) -> dict:
    """The whole report as a JSON-ready dict."""
    return {
        "version": REPORT_VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "settings": settings,
        "summary": summarise(results),
        "by_suite": by_suite(results),
        "by_tag": by_tag(results),
        "gates": [g.__dict__ for g in gates],
        "comparison": comparison.to_json() if comparison else None,
        "cases": [case_record(r) for r in results],
    }


def _finite(value: object) -> object:
    """NaN and infinities become ``None``, so the file is strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def write_report(report: dict, path: Path) -> None:
    """Write the report as JSON (UTF-8, strict: no NaN)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_finite(report), indent=2, ensure_ascii=False, allow_nan=False), encoding="utf-8")


def load_report(path: Path) -> dict:
    """A report written by :func:`write_report`, e.g. a baseline."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SuiteError(f"{path}: cannot read the report: {exc}") from exc
    if not isinstance(report, dict) or not isinstance(report.get("cases"), list):
        raise SuiteError(f"{path}: not an evaluation report (no 'cases' list)")
    return report
