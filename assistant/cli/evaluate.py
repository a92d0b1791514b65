"""``assistant eval``: run golden suites and BEIR folders, print the table, write reports, gate the exit status.

    assistant eval SUITE... [--url URL [--admin-token T]] [--backend B] [--k K] [--mode hybrid|dense|lexical]
                   [--retrieval-only]
                   [--report out.json] [--html out.html] [--baseline prev.json] [--alpha A]
                   [--fail-under [GROUP:]METRIC=VALUE ...] [--thresholds eval/thresholds.yaml]
                   [--judge BACKEND] [--judge-cache DIR] [--beir-split SPLIT]

A SUITE is a YAML or JSON-lines file of cases (RAGAS-style records included) or a BEIR folder, which is
evaluated for retrieval only over its own corpus. With ``--thresholds`` and no SUITE, the suites the file
lists run. Exit status: 0 when every gate passes and no metric regressed; 1 when a gate failed or a metric
regressed significantly against ``--baseline``; 2 for a problem the user can fix. With ``--url`` the cases run
against that running service over HTTP (its answers, its search, its passages) with the same metrics and gates.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.cli.common import EXIT_USER_ERROR, positive_int
from assistant.config import PROJECT_ROOT, Settings, get_settings

if TYPE_CHECKING:  # imported when the command runs, so that `assistant --help` stays fast
    from assistant.evaluation.beir import BeirSuite
    from assistant.evaluation.runner import CaseResult, RunOptions
    from assistant.evaluation.suite import Case

#: Exit status when a gate fails or a metric regresses.
EXIT_FAILED = 1
DEFAULT_JUDGE_CACHE = PROJECT_ROOT / "eval" / ".judge-cache"


@dataclass
class _Suites:
    """What the command line names: cases for the assistant, and BEIR folders."""

    cases: list[Case] = field(default_factory=list)
    beir: list[BeirSuite] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.cases) + sum(len(b.cases) for b in self.beir)


def _load_suites(paths: list[Path], split: str) -> _Suites:
    from assistant.evaluation.beir import is_beir_folder, load_beir
    from assistant.evaluation.suite import SuiteError, load_suite

    suites = _Suites()
    names: set[str] = set()
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"no such suite: {path}")
        name = path.name if path.is_dir() else path.stem
        if name in names:
            raise SuiteError(f"two suites are named {name!r}: case keys would clash; rename one")
        names.add(name)
        if is_beir_folder(path):
            suites.beir.append(load_beir(path, split))
        else:
            suites.cases.extend(load_suite(path))
    return suites


def _run_all(args: argparse.Namespace, settings: Settings, suites: _Suites,
             options: RunOptions) -> tuple[list[CaseResult], dict]:
    """Every case, with a progress bar; and what the report should say about the run."""
    from tqdm import tqdm

    from assistant.evaluation.beir import beir_retriever
    from assistant.evaluation.judge import backend_judge
    from assistant.evaluation.runner import SuiteRunner, run_suite
    from assistant.index.embedding import Embedder
    from assistant.service import Assistant

    results: list[CaseResult] = []
    about = {"backend": None, "k": options.k, "mode": options.mode, "retrieval_only": options.retrieval_only,
             "judge": None, "index": None}
    interactive = sys.stderr.isatty()
    embedder = None
    with tqdm(total=suites.total, desc="eval", unit="case", file=sys.stderr, disable=not interactive) as bar:
        if suites.cases and args.url:
            results += _run_remote(args, settings, suites.cases, options, about, lambda _: bar.update())
        elif suites.cases:
            assistant = Assistant.from_settings(settings)
            embedder = assistant.embedder
            judge = backend_judge(args.judge, assistant.settings, Path(args.judge_cache)) if args.judge else None
            about |= {"backend": options.backend or assistant.settings.backend, "index": assistant.index.version,
                      "judge": judge.model if judge else None}
            results += run_suite(assistant, suites.cases, options, judge, lambda _: bar.update())
        for beir in suites.beir:
            embedder = embedder or Embedder.from_settings(settings)
            retriever = beir_retriever(beir, embedder, settings, show_progress=interactive)
            results += SuiteRunner(retriever, replace(options, retrieval_only=True)).run(beir.cases,
                                                                                        lambda _: bar.update())
    return results, about


def _run_remote(args: argparse.Namespace, settings: Settings, cases: list[Case], options: RunOptions, about: dict,
                progress: Callable[[CaseResult], None]) -> list[CaseResult]:
    """The cases against the service at ``--url`` (its public API; the admin token for its passages)."""
    from assistant.evaluation.judge import backend_judge
    from assistant.evaluation.remote import RemoteService, RemoteSuiteRunner

    token = args.admin_token or (settings.admin_token.get_secret_value() if settings.admin_token else None)
    service = RemoteService(args.url, token)
    judge = backend_judge(args.judge, settings, Path(args.judge_cache)) if args.judge else None
    about |= {"backend": options.backend or "the service's default", "index": service.index_version(),
              "judge": judge.model if judge else None, "url": args.url}
    return RemoteSuiteRunner(service, options, judge).run(cases, progress)


def _cmd_eval(args: argparse.Namespace) -> int:
    from assistant.backends import UnknownBackend, available_backends
    from assistant.evaluation.compare import compare
    from assistant.evaluation.html import write_html
    from assistant.evaluation.judge import JudgeUnavailable
    from assistant.evaluation.remote import RemoteError
    from assistant.evaluation.report import build_report, load_report, write_report
    from assistant.evaluation.runner import RunOptions
    from assistant.evaluation.table import format_report
    from assistant.evaluation.thresholds import check_all, load_thresholds, parse_fail_under

    thresholds = [parse_fail_under(spec) for spec in args.fail_under]
    paths, k = [Path(p) for p in args.suites], args.k
    if args.thresholds:
        loaded = load_thresholds(Path(args.thresholds))
        thresholds = loaded.thresholds + thresholds
        paths, k = paths or loaded.suites, k or loaded.k
    if not paths:
        print("assistant: name at least one suite, or --thresholds FILE that lists them", file=sys.stderr)
        return EXIT_USER_ERROR
    if args.backend and args.backend not in available_backends():
        print(f"assistant: unknown backend {args.backend!r}; available: {', '.join(available_backends())}",
              file=sys.stderr)
        return EXIT_USER_ERROR
    baseline = load_report(Path(args.baseline)) if args.baseline else None
    options = RunOptions(k=k or 5, backend=args.backend, mode=args.mode, retrieval_only=args.retrieval_only)
    try:
        results, about = _run_all(args, get_settings(), _load_suites(paths, args.beir_split), options)
    except (UnknownBackend, JudgeUnavailable, RemoteError) as exc:
        print(f"assistant: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    report = build_report(results, {**about, "suites": [str(p) for p in paths]}, check_all(thresholds, results))
    comparison = compare(baseline["cases"], report["cases"], args.alpha) if baseline else None
    report["comparison"] = comparison.to_json() if comparison else None
    print(format_report(report))
    for path, write in ((args.report, write_report), (args.html, write_html)):
        if path:
            write(report, Path(path))
            print(f"wrote {path}")
    failed = any(g["status"] == "fail" for g in report["gates"]) or bool(comparison and comparison.regressions)
    return EXIT_FAILED if failed else 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``eval`` subcommand."""
    evaluate = commands.add_parser("eval", help="run golden suites or BEIR folders and gate on the metrics",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    evaluate.add_argument("suites", nargs="*", help="suite files (YAML, JSON lines) or BEIR folders")
    evaluate.add_argument("--backend", help="backend that writes the answers (default: the setting)")
    evaluate.add_argument("--k", type=positive_int, help="cut-off of the retrieval metrics (default 5)")
    evaluate.add_argument("--mode", choices=["hybrid", "dense", "lexical"], default="hybrid",
                          help="retrieval mode the retrieval metrics use (answers always use hybrid)")
    evaluate.add_argument("--retrieval-only", action="store_true", help="grade retrieval only; write no answers")
    evaluate.add_argument("--report", metavar="OUT.json", help="write the JSON report here")
    evaluate.add_argument("--html", metavar="OUT.html", help="write the self-contained HTML report here")
    evaluate.add_argument("--baseline", metavar="PREV.json", help="compare with this earlier JSON report")
    evaluate.add_argument("--alpha", type=float, default=0.05, help="significance level of regressions (0.05)")
    evaluate.add_argument("--fail-under", action="append", default=[], metavar="[GROUP:]METRIC=VALUE",
                          help="fail when the group's mean is lower, e.g. hit@1=0.9 or tag:follow-up:facts=0.8")
    evaluate.add_argument("--thresholds", metavar="FILE", help="gates from a thresholds file (eval/thresholds.yaml)")
    evaluate.add_argument("--judge", metavar="BACKEND", help="add LLM-judge metrics, judged by this backend")
    evaluate.add_argument("--judge-cache", default=str(DEFAULT_JUDGE_CACHE), help="where judge replies are cached")
    evaluate.add_argument("--url", help="evaluate the service running at URL over HTTP instead of in process")
    evaluate.add_argument("--admin-token", help="admin token for --url (default: ASSISTANT_ADMIN_TOKEN)")
    evaluate.add_argument("--beir-split", default="test", help="qrels split of BEIR folders (default test)")
    evaluate.set_defaults(run=_cmd_eval)
