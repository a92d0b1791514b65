"""Retrieval ablation: BM25 only, dense only and the hybrid, over the golden suites' answerable questions.

    .venv/bin/python eval/ablation.py [SUITE...] [--k 10] [--rounds 3]

Prints a Markdown table (hit@1, MRR@k, nDCG@k, retrieval latency p50/p95 per query) for eval/README.md.
Each mode runs the same code as ``assistant eval SUITE... --retrieval-only --mode MODE --k 10``: follow-ups
are condensed as the assistant condenses them, dense and hybrid embed every phrasing of the question, and
the latency covers embedding and search (not loading the model, which a warm-up query pays first), pooled
over ``--rounds`` passes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.config import get_settings
from assistant.evaluation.runner import RunOptions, SuiteRunner, summarise
from assistant.evaluation.suite import load_suite
from assistant.service import Assistant

HERE = Path(__file__).resolve().parent
MODES = {"lexical": "BM25 only", "dense": "dense only", "hybrid": "hybrid (normalised score fusion)"}


def ablation_rows(assistant: Assistant, cases: list, k: int, rounds: int) -> list[str]:
    """One Markdown row per retrieval mode.

    The modes take turns on each question, so a busy moment on a shared machine slows all three alike.
    """
    assistant.search("warm-up query")
    runners = {mode: SuiteRunner(assistant.retriever, RunOptions(k=k, mode=mode, retrieval_only=True))
               for mode in MODES}
    results: dict[str, list] = {mode: [] for mode in MODES}
    for _ in range(rounds):
        for case in cases:
            for mode, runner in runners.items():
                results[mode].append(runner.run_case(case))
    rows = []
    for mode, label in MODES.items():
        summary = summarise(results[mode])
        rows.append(f"| {label} | {summary['hit@1']:.3f} | {summary[f'mrr@{k}']:.3f} | {summary[f'ndcg@{k}']:.3f} "
                    f"| {summary['latency_p50_ms']:.1f} | {summary['latency_p95_ms']:.1f} |")
    return rows


def main() -> None:
    """Print the table for the suites on the command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("suites", nargs="*", default=[str(HERE / "suites" / "golden.yaml"),
                                                      str(HERE / "suites" / "personas.yaml")])
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the questions (latency is pooled)")
    args = parser.parse_args()
    cases = [c for path in args.suites for c in load_suite(Path(path)) if c.expect == "answer" and c.sources]
    assistant = Assistant.from_settings(get_settings())
    print(f"{len(cases)} answerable questions from {', '.join(Path(s).name for s in args.suites)}; k={args.k}\n")
    print(f"| retrieval | hit@1 | MRR@{args.k} | nDCG@{args.k} | p50 ms | p95 ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(ablation_rows(assistant, cases, args.k, args.rounds)))


if __name__ == "__main__":
    main()
