"""``assistant add`` and ``assistant sync``: bring files and pages into the corpus and keep them current."""

from __future__ import annotations

import argparse
import sys

from assistant.config import get_settings


def _rebuild() -> None:
    from assistant.service import index_builder

    report = index_builder(get_settings()).build(show_progress=sys.stderr.isatty())
    for line in report.skipped:
        print(f"skipped {line}")
    print(f"index {report.status}: {report.chunks} chunks, {report.embedded} embedded, {report.reused} reused")


def _cmd_add(args: argparse.Namespace) -> int:
    from assistant.ingest.sources import add

    corpus_dir = get_settings().corpus_dir
    for item in args.items:
        print(f"added {add(corpus_dir, item)}")
    if not args.no_index:
        _rebuild()
    return 0


def _cmd_sync(args: argparse.Namespace) -> int:
    from assistant.ingest.sources import sync

    report = sync(get_settings().corpus_dir)
    for label, names in (("changed", report.changed), ("withdrawn", report.withdrawn), ("failed", report.failed)):
        for name in names:
            print(f"{label}: {name}")
    print(f"{len(report.unchanged)} unchanged, {len(report.changed)} changed, {len(report.withdrawn)} withdrawn, "
          f"{len(report.failed)} failed")
    if not args.no_index:
        _rebuild()
    return 1 if report.failed else 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``add`` and ``sync``."""
    add = commands.add_parser("add", help="bring files or web pages (URLs) into the corpus, then update the index")
    add.add_argument("items", nargs="+", help="file paths or http(s) URLs")
    add.add_argument("--no-index", action="store_true", help="do not update the index afterwards")
    add.set_defaults(run=_cmd_add)
    sync = commands.add_parser("sync", help="re-fetch the corpus's web pages; update changed, withdraw gone (404/410)")
    sync.add_argument("--no-index", action="store_true", help="do not update the index afterwards")
    sync.set_defaults(run=_cmd_sync)
