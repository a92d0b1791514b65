"""``assistant schemes``: list the support measures, or rank them for an enterprise profile.

assistant schemes [--kind K] [--bureau B] [--json]                         the catalogue
assistant schemes [--sector S] [--need N]... [--size Z] [--describe TEXT] [--k N] [--json]
measures that fit, ranked
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.cli.common import EXIT_USER_ERROR, positive_int
from assistant.config import get_settings
from assistant.schemes.vocabulary import VocabularyError, parse_kind, parse_need, parse_size

if TYPE_CHECKING:  # imported by the command when it runs, so that `assistant --help` stays fast
    from assistant.schemes.finder import SchemeFinder
    from assistant.schemes.model import Measure


def _vocabulary(parse: Callable[[str], object]) -> Callable[[str], str]:
    """An argparse type that checks a word against a vocabulary and names the valid words when wrong."""
    def check(word: str) -> str:
        try:
            found = parse(word)
        except VocabularyError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return getattr(found, "name", found)
    return check


def _user_error(message: str) -> int:
    print(f"assistant schemes: {message}", file=sys.stderr)
    return EXIT_USER_ERROR


def _print_measure(rank: str, measure: Measure, lines: list[str]) -> None:
    from assistant.schemes.model import amount_text

    facts = [", ".join(measure.kinds)] + ([amount_text(measure.amount_hkd)] if measure.amount_hkd else [])
    print(f"{rank} {measure.name} ({'; '.join(facts)})")
    body = [measure.summary, *lines, "Responsible: " + "; ".join(b.name for b in measure.bureaux),
            f"Source [{measure.source.id}]: {measure.source.text}"]
    for line in body:
        print(textwrap.indent(textwrap.fill(line, 96), "    "))


def _browse(finder: SchemeFinder, args: argparse.Namespace) -> int:
    from assistant.schemes.responses import CatalogueResponse

    measures, _ = finder.browse(args.kind, args.bureau)
    if args.json:
        print(CatalogueResponse(count=len(measures), measures=measures).model_dump_json(indent=2))
        return 0
    print(f"{len(measures)} {'measure' if len(measures) == 1 else 'measures'}\n")
    for measure in measures:
        _print_measure("-", measure, [f"For: {measure.audience}"] if measure.audience else [])
    return 0


def _match(finder: SchemeFinder, args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from assistant.schemes.profile import Profile
    from assistant.schemes.responses import match_response

    try:
        profile = Profile(sector=args.sector, size=args.size, needs=args.need or [], description=args.describe)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return _user_error(problems)
    response = match_response(finder, finder.match(profile, args.k))
    if args.json:
        print(response.model_dump_json(indent=2))
        return 0
    read_as = f" (sector read as: {', '.join(response.sectors)})" if response.sectors else ""
    print(textwrap.fill(response.message + read_as, 100) + "\n")
    for item in response.matches or response.nearest:
        _print_measure(f"{item.rank}.", item.measure, [f"Why: {item.reason}"])
    return 0


def _cmd_schemes(args: argparse.Namespace) -> int:
    from assistant.service import Assistant

    matching = any([args.sector, args.need, args.size, args.describe])
    if matching and (args.kind or args.bureau):
        return _user_error("--kind and --bureau filter the list; to rank measures for a profile use --sector, "
                           "--need, --size and --describe without them")
    finder = Assistant.from_settings(get_settings()).finder
    return _match(finder, args) if matching else _browse(finder, args)


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``schemes`` subcommand."""
    schemes = commands.add_parser("schemes", help="list support measures, or rank them for an enterprise profile")
    schemes.add_argument("--sector", help="your sector, in any words (ranks the measures that fit)")
    schemes.add_argument("--need", action="append", type=_vocabulary(parse_need),
                         help="what you need: funding, computing power, tax, land, ... (repeatable)")
    schemes.add_argument("--size", type=_vocabulary(parse_size), help="start-up, small, medium or large")
    schemes.add_argument("--describe", help="what your enterprise does and wants, in your own words")
    schemes.add_argument("--k", type=positive_int, default=5, help="most measures to rank (default 5)")
    schemes.add_argument("--kind", type=_vocabulary(parse_kind), help="list only this kind of support")
    schemes.add_argument("--bureau", help="list only measures of this bureau (code or part of the name)")
    schemes.add_argument("--json", action="store_true", help="print JSON")
    schemes.set_defaults(run=_cmd_schemes)
