"""Core commands: build the index, search, ask, calibrate, serve, import a document.

assistant index [--force]        build or update index/ from corpus/
assistant search QUERY [--k N] [--bureau B] [--section S] [--json]
assistant ask QUESTION [--json]
assistant calibrate SUITE...     choose the refusal threshold
assistant serve [--host H] [--port P]
assistant corpus-import FILE.txt
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from assistant.cli.common import positive_int
from assistant.config import get_settings


def _cmd_index(args: argparse.Namespace) -> int:
    from assistant.service import index_builder

    report = index_builder(get_settings()).build(force=args.force, show_progress=sys.stderr.isatty())
    for line in report.skipped:
        print(f"skipped {line}")
    for line in report.notes:
        print(f"note: {line}")
    if report.status == "up-to-date":
        print(f"index is up to date ({report.chunks} chunks, build {report.build_id})")
    else:
        print(f"built index {report.build_id}: {report.chunks} chunks, {report.embedded} embedded, "
              f"{report.reused} reused, {report.sentences_embedded} sentences embedded, {report.seconds:.1f} s")
    return 0


def _cmd_corpus_import(args: argparse.Namespace) -> int:
    from assistant.ingest.plaintext import text_to_markdown

    source = Path(args.source)
    target = Path(args.out) if args.out else get_settings().corpus_dir / f"{source.stem}.md"
    target.write_text(text_to_markdown(source.read_text(encoding="utf-8"), args.language), encoding="utf-8")
    print(f"wrote {target}")
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    from assistant.retrieval import Filters
    from assistant.service import Assistant

    assistant = Assistant.from_settings(get_settings())
    passages = assistant.search(args.query, args.k, Filters(tuple(args.bureau or ()), args.section, args.document))
    if args.json:
        print(json.dumps([{"id": p.chunk.id, "text": p.chunk.text, "section": p.chunk.section_path,
                           "bureaux": list(p.chunk.bureaux), "score": round(p.score, 6),
                           "document": p.chunk.doc_id, "document_title": p.chunk.document_title,
                           "document_date": p.chunk.document_date, "url": p.chunk.url,
                           "paragraph": p.chunk.paragraph} for p in passages],
                         indent=2, ensure_ascii=False))
        return 0
    for rank, passage in enumerate(passages, 1):
        print(f"{rank}. [{passage.chunk.id}] {passage.chunk.section_path} ({passage.score:.4f})"
              f" - {passage.chunk.doc_id}")
        print(textwrap.indent(textwrap.fill(passage.chunk.text, 100), "   "))
    if not passages:
        print("no passages found")
    return 0


def _cmd_ask(args: argparse.Namespace) -> int:
    from assistant.retrieval import Filters
    from assistant.service import Assistant

    answer = Assistant.from_settings(get_settings()).ask(args.question, backend=args.backend,
                                                         filters=Filters(document=args.document))
    if args.json:
        print(answer.model_dump_json(indent=2))
        return 0
    print(textwrap.fill(answer.answer, 100))
    if answer.degraded and answer.reason:
        print(f"\nnote: {answer.reason}")
    for citation in answer.citations:
        bureaux = ", ".join(b.name for b in citation.bureaux)
        where = ", ".join(p for p in (citation.document_title, citation.document_date,
                                      citation.paragraph and f"para. {citation.paragraph}", citation.url) if p)
        print(f"\n[{citation.n}] {citation.section}" + (f" ({bureaux})" if bureaux else "") + (f"\n    {where}"
                                                                                                if where else ""))
        print(textwrap.indent(textwrap.fill(citation.text, 96), "    "))
    return 0


def _cmd_calibrate(args: argparse.Namespace) -> int:
    from assistant.evaluation.calibration import best_row, calibrate
    from assistant.evaluation.suite import load_suite
    from assistant.service import Assistant

    settings = get_settings()
    cases = [case for path in args.suites for case in load_suite(Path(path))]
    rows = calibrate(Assistant.from_settings(settings), cases)
    best = best_row(rows)
    print(f"{'threshold':>9} {'answered':>9} {'refused':>8} {'balanced':>9}")
    for row in rows:
        mark = "  <- best" if row is best else ""
        print(f"{row.threshold:>9.2f} {row.answered:>9.3f} {row.refused:>8.3f} {row.balanced_accuracy:>9.3f}{mark}")
    print(f"\nbest min_relevance: {best.threshold:.2f} (current setting {settings.min_relevance:.2f}); "
          "set ASSISTANT_MIN_RELEVANCE or the default in assistant/config.py")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from assistant.memory import configure_allocator

    configure_allocator()  # before anything big is allocated
    from assistant.api import create_app
    from assistant.api.logs import configure_logging
    from assistant.api.server import run_server
    from assistant.api.workers import serve_workers, worker_count
    from assistant.index.loaded import PolicyIndex
    from assistant.service import Assistant, backends_for

    settings = get_settings()
    host, port = args.host or settings.host, settings.port if args.port is None else args.port
    workers = args.workers or worker_count(settings)
    if workers > 1:
        # Each worker loads its own assistant; the supervisor only checks what would stop all of them, so that
        # a broken index or a default backend that cannot start is reported once, before any worker starts.
        PolicyIndex.load(settings)
        backends_for(settings).get()
        configure_logging()
        return 0 if serve_workers(settings, host, port, workers) else 1
    assistant = Assistant.from_settings(settings)  # a broken index is reported now
    assistant.backend()  # as is a default backend that cannot start, not at the first question
    configure_logging()
    return 0 if run_server(create_app(assistant, settle_heap=True), settings, host, port) else 1


def register(commands: argparse._SubParsersAction) -> None:
    """Add the core subcommands."""
    index = commands.add_parser("index", help="build or update the index from the corpus")
    index.add_argument("--force", action="store_true", help="re-embed everything")
    index.set_defaults(run=_cmd_index)

    corpus = commands.add_parser("corpus-import", help="convert a PDF's extracted text into a corpus Markdown file")
    corpus.add_argument("source", help="the .txt file")
    corpus.add_argument("--out", help="where to write (default: corpus/<name>.md)")
    corpus.add_argument("--language", default="en")
    corpus.set_defaults(run=_cmd_corpus_import)

    search = commands.add_parser("search", help="show the passages that best match a query")
    search.add_argument("query")
    search.add_argument("--k", type=positive_int, default=5, help="how many passages (default 5)")
    search.add_argument("--bureau", action="append", help="only passages tagged with this bureau (repeatable)")
    search.add_argument("--section", help="only passages under a heading containing this text")
    search.add_argument("--document", help="only passages of documents whose id or title contains this text")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(run=_cmd_search)

    ask = commands.add_parser("ask", help="answer a question with citations")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")
    ask.add_argument("--document", help="answer only from documents whose id or title contains this text")
    ask.add_argument("--backend", help="one of the backends the settings configure: extractive (always), openai "
                     "(with a base URL), local (when installed), or a plugin listed in ASSISTANT_BACKENDS")
    ask.set_defaults(run=_cmd_ask)

    calibrate = commands.add_parser("calibrate", help="choose the refusal threshold from golden suites")
    calibrate.add_argument("suites", nargs="+", help="suite files with answerable and negative questions")
    calibrate.set_defaults(run=_cmd_calibrate)

    serve = commands.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8000)")
    serve.add_argument("--workers", type=positive_int, help="worker processes (default ASSISTANT_WORKERS, else one "
                       "per core)")
    serve.set_defaults(run=_cmd_serve)
