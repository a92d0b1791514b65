"""Run suite cases against the assistant (or only its retriever) and grade each one.

Each graded case is a :class:`CaseResult` whose metrics are numbers or ``None`` when the metric does not
apply or cannot be measured (hit@k of a question that should be refused; a source quote that matches no
passage); ``notes`` say why a metric that should apply was not measured. Summaries average only the cases
a metric was measured on and say how many those were, so an unmeasurable case is never a zero or a NaN.

>>> results = run_suite(assistant, load_suite(Path("eval/suites/golden.yaml")))   # doctest: +SKIP
>>> summarise(results)["hit@1"]                                                    # doctest: +SKIP
0.93
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.answer.verification import CitationVerifier
from assistant.evaluation.grading import Metrics, answer_metrics, retrieval_metrics
from assistant.evaluation.judge import Judge
from assistant.evaluation.metrics import percentile
from assistant.evaluation.sources import ExpectedSources, SourceResolver
from assistant.evaluation.suite import Case
from assistant.query.encoding import query_phrasings
from assistant.query.followups import standalone_question
from assistant.query.forms import language_of
from assistant.retrieval import Mode, Passage, Retriever
from assistant.service import Assistant
from assistant.types import Answer

#: Called after each case, e.g. to advance a progress bar.
Progress = Callable[["CaseResult"], None]


@dataclass(frozen=True)
class RunOptions:
    """How to run: cut-off ``k`` of the retrieval metrics, answer backend, retrieval mode, answers or not."""

    k: int = 5
    backend: str | None = None
    mode: Mode = "hybrid"
    retrieval_only: bool = False


@dataclass
class CaseResult:
    """One case's answer (``None`` when only retrieval ran) and its metrics."""

    case: Case
    answer: Answer | None
    retrieved: list[str]
    relevant: set[str]
    latency_ms: float
    metrics: Metrics = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def unmeasured_notes(case: Case, expected: ExpectedSources) -> list[str]:
    """Why metrics that should apply to ``case`` cannot be measured."""
    notes = [f"expected source matches no passage: {source[:80]!r}" for source in expected.unmatched]
    if case.expect == "answer" and not expected.groups:
        why = "none of its expected sources is in the corpus" if case.sources else "the case names no expected source"
        notes.append(f"retrieval metrics not measured: {why}")
    return notes


class SuiteRunner:
    """Runs cases against one retriever, and the assistant around it unless only retrieval is evaluated."""

    def __init__(self, retriever: Retriever, options: RunOptions = RunOptions(),
                 assistant: Assistant | None = None, judge: Judge | None = None) -> None:
        self.retriever = retriever
        self.options = options
        self.assistant = None if options.retrieval_only else assistant
        self.judge = judge
        # With answers, the assistant's query cache saves embedding the question a second time; without,
        # every search embeds, so that retrieval latency is honest.
        self.encode = self.assistant.queries.encode if self.assistant else retriever.embedder.encode
        chunks = retriever.index.chunks
        self.resolver = SourceResolver(chunks)
        # The service's own verifier where there is a service (it also reads Chinese sentences).
        self.verifier = assistant.verifier if assistant else CitationVerifier.for_passages(
            " ".join(c.sentences) for c in chunks)

    def run(self, cases: Sequence[Case], progress: Progress | None = None) -> list[CaseResult]:
        """Every case in order, after loading the embedding model, which no case's latency should include."""
        self.retriever.embedder.encode(["warm-up"])
        results = []
        for case in cases:
            results.append(self.run_case(case))
            if progress:
                progress(results[-1])
        return results

    def search(self, query: str, language: str | None = None) -> list[Passage]:
        """The best passages as the answer's retrieve step finds them, in the run's retrieval mode.

        With the question's ``language``, a linked document's passage is measured in the version the
        answer quotes (:meth:`assistant.retrieval.Retriever.in_language`), not the one it replaced.
        """
        vectors = None if self.options.mode == "lexical" else self.encode(query_phrasings(query))
        return self.retriever.search(query, self.options.k, mode=self.options.mode, query_vectors=vectors,
                                     language=language)

    def run_case(self, case: Case) -> CaseResult:
        """Grade one case: retrieval only, or the whole answer."""
        expected = self.resolver.resolve(case.sources)
        relevant = expected.relevant if case.expect == "answer" else set()
        if self.assistant is None:
            started = time.perf_counter()
            passages = self.search(standalone_question(case.question, case.history), language_of(case.question))
            latency = (time.perf_counter() - started) * 1000
            ranked = [p.chunk.id for p in passages]
            metrics = retrieval_metrics(ranked, relevant, self.options.k)
            return CaseResult(case, None, ranked, relevant, latency, metrics, unmeasured_notes(case, expected))
        return self._answered(case, expected, relevant)

    def _answered(self, case: Case, expected: ExpectedSources, relevant: set[str]) -> CaseResult:
        k = self.options.k
        extra = {"backend": self.options.backend} if self.options.backend else {}
        started = time.perf_counter()
        answer = self.assistant.ask(case.question, case.history, **extra)
        latency = (time.perf_counter() - started) * 1000
        passages = self.search(answer.query or case.question, language_of(case.question))
        ranked = [p.chunk.id for p in passages]
        metrics = {**retrieval_metrics(ranked, relevant, k), **answer_metrics(case, answer, expected, self.verifier),
                   f"context_chars@{k}": float(sum(len(p.chunk.text) for p in passages))}
        notes = unmeasured_notes(case, expected)
        if self.judge:
            judged, judge_notes = self.judge.grade(case, answer)
            metrics.update(judged)
            notes += judge_notes
        return CaseResult(case, answer, ranked, relevant, latency, metrics, notes)


def run_suite(assistant: Assistant, cases: Sequence[Case], options: RunOptions = RunOptions(),
              judge: Judge | None = None, progress: Progress | None = None) -> list[CaseResult]:
    """Run every case against ``assistant`` in order."""
    return SuiteRunner(assistant.retriever, options, assistant, judge).run(cases, progress)


def summarise(results: Sequence[CaseResult]) -> dict[str, float | int]:
    """Mean of each metric over the cases it was measured on, with those counts, and latency percentiles."""
    summary: dict[str, float | int] = {"cases": len(results)}
    names = dict.fromkeys(name for r in results for name in r.metrics)
    for name in names:
        values = [r.metrics[name] for r in results if r.metrics.get(name) is not None]
        if values:
            summary[name] = sum(values) / len(values)
            summary[f"{name}.n"] = len(values)
    latencies = [r.latency_ms for r in results]
    if latencies:
        summary["latency_p50_ms"] = percentile(latencies, 50)
        summary["latency_p95_ms"] = percentile(latencies, 95)
    return summary
