"""Build the catalogue of support measures from the index's passages and the curated file, and check it.

Rules (:mod:`assistant.schemes.rules`) find the named measures and the facts their passages state; the
curated file adds what the rules cannot see. Every curated claim about the document is checked against
it: the quote must be in exactly one passage, ``audience`` must be in that passage, numbers in a summary
must be numbers the passage gives. Any failure is reported naming the entry, so a document update that breaks
a quote stops the build with a clear message. A passage that names an amount no measure carries is not a
failure: any new document has money in it, so it is a line of the build report (:func:`uncatalogued_amounts`)
that tells the content team where a curated entry could help.

>>> errors = validate_catalogue(index.chunks, settings.corpus_dir)      # doctest: +SKIP
>>> catalogue = build_catalogue(index, settings.corpus_dir)             # doctest: +SKIP
>>> catalogue.get("ai-subsidy-scheme").amount_hkd                       # doctest: +SKIP
3000000000.0
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.index.loaded import BUREAUX_FILE, PolicyIndex
from assistant.ingest.bureaux import BureauDirectory
from assistant.ingest.chunking import Chunk
from assistant.schemes import rules
from assistant.schemes.curated import CURATED_FILE, CatalogueError, CuratedEntry, CuratedFile, load_curated
from assistant.schemes.model import ANY_SECTOR, Catalogue, Measure, Source, slug
from assistant.schemes.vocabulary import KINDS
from assistant.text.facts import money_amounts, numbers
from assistant.text.sentences import without_number


@dataclass(frozen=True)
class _Placed:
    """A measure and where its source starts, for document order."""

    measure: Measure
    position: int
    offset: int


def _home_documents(entries: Sequence[CuratedEntry], chunks: Sequence[Chunk]) -> list[str]:
    """Documents in order of how many curated quotes each holds: the first is the one the file was written for."""
    counts: dict[str, int] = {}
    for entry in entries:
        for doc_id in {c.doc_id for c in chunks if entry.quote in c.text}:
            counts[doc_id] = counts.get(doc_id, 0) + 1
    return sorted(counts, key=lambda d: -counts[d])


def _locate(entry: CuratedEntry, chunks: Sequence[Chunk], homes: Sequence[str]) -> tuple[Chunk | None, str | None]:
    """The one passage holding the entry's quote, or an error saying why there is none.

    A quote that another document repeats (a speech quoting the chapter) belongs to the document holding most
    of the curated quotes; only a quote in two passages of that one document is ambiguous.
    """
    holders = [c for c in chunks if entry.quote in c.text]
    if len({c.doc_id for c in holders}) > 1:
        home = next(d for d in homes if any(c.doc_id == d for c in holders))
        holders = [c for c in holders if c.doc_id == home]
    if len(holders) == 1:
        return holders[0], None
    if not holders:
        return None, f"quote \"{entry.quote}\" is not in the document (no passage contains it word for word)"
    return None, f"quote \"{entry.quote}\" is in {len(holders)} passages; quote more words so it names one"


def _entry_problems(entry: CuratedEntry, chunk: Chunk, sector_labels: list[str]) -> list[str]:
    """What is wrong with an entry whose quote was found in ``chunk``."""
    problems = [f"unknown kind '{k}' (valid kinds: {', '.join(KINDS)})" for k in entry.kinds if k not in KINDS]
    valid_sectors = [*sector_labels, ANY_SECTOR]
    problems += [f"unknown sector '{s}' (sectors listed under 'sectors:': {', '.join(valid_sectors)})"
                 for s in entry.sectors if s not in valid_sectors]
    if entry.audience and entry.audience not in chunk.text:
        problems.append(f"audience \"{entry.audience}\" is not in its source passage")
    passage_numbers = set(numbers(chunk.text))
    problems += [f"summary gives {n}, which its source passage does not"
                 for n in numbers(entry.summary or "") if n not in passage_numbers]
    return problems


def _measure(name: str, chunk: Chunk, amount: float | None, kinds: Sequence[str], bureaux: BureauDirectory,
             entry: CuratedEntry | None, origin: str) -> Measure:
    return Measure(
        id=slug(name), name=name, kinds=list(entry.kinds if entry and entry.kinds else kinds), amount_hkd=amount,
        bureaux=bureaux.describe(chunk.bureaux), audience=(entry and entry.audience) or rules.audience(chunk.text),
        sectors=list(entry.sectors) if entry else [], timeline=rules.timeline(chunk.text),
        summary=(entry and entry.summary) or without_number(chunk.sentences[0]),
        source=Source(id=chunk.id, text=chunk.text, section=chunk.section_path), origin=origin)


def _quoted_amount(quote: str) -> float | None:
    amounts = money_amounts(quote)
    return amounts[0] if len(amounts) == 1 else None


def assemble(chunks: Sequence[Chunk], bureaux: BureauDirectory, curated: CuratedFile,
             origin: str = CURATED_FILE) -> tuple[Catalogue, list[str]]:
    """The catalogue and every problem found; the catalogue is only trustworthy when there are none."""
    errors: list[str] = []
    candidates = {c.name.casefold(): c for c in rules.extract(chunks)}
    placed: dict[str, _Placed] = {}
    seen: set[str] = set()
    homes = _home_documents(curated.measures, chunks)
    for entry in curated.measures:
        chunk, problem = _locate(entry, chunks, homes)
        problems = [problem] if problem else _entry_problems(entry, chunk, curated.sector_labels)
        if entry.name.casefold() in seen:
            problems.append("another entry has the same name")
        seen.add(entry.name.casefold())
        if problems:
            errors += [f"{origin}: entry '{entry.name}': {p}" for p in problems]
            continue
        found = candidates.pop(entry.name.casefold(), None)
        amount = found.amount if found else _quoted_amount(entry.quote)
        kinds = found.kinds if found else rules.rule_kinds(entry.name, chunk.text)
        measure = _measure(entry.name, chunk, amount, kinds, bureaux, entry, "rules+curated" if found else "curated")
        placed[entry.name.casefold()] = _Placed(measure, chunk.position, chunk.text.index(entry.quote))
    for candidate in candidates.values():
        measure = _measure(candidate.name, candidate.chunk, candidate.amount, candidate.kinds, bureaux, None, "rules")
        offset = candidate.chunk.text.find(candidate.name)
        placed[candidate.name.casefold()] = _Placed(measure, candidate.chunk.position, offset)
    measures = [p.measure for p in sorted(placed.values(), key=lambda p: (p.position, p.offset))]
    ids = [m.id for m in measures]
    errors += [f"two measures share the id '{i}'" for i in sorted({i for i in ids if ids.count(i) > 1})]
    return Catalogue(measures, curated.sectors), errors


def uncatalogued_amounts(catalogue: Catalogue, chunks: Sequence[Chunk]) -> list[str]:
    """One report line per passage that names an amount no measure carries (never an error)."""
    with_amount = {m.source.id for m in catalogue if m.amount_hkd is not None}
    return [f"{c.doc_id}: passage {c.id} ({c.section_path}) names "
            f"{', '.join(f'${a:,.0f}' for a in c.amounts)}, which no catalogued measure carries "
            f"(a {CURATED_FILE} entry quoting it would add one)"
            for c in chunks if c.amounts and c.id not in with_amount]


def validate_catalogue(chunks: Sequence[Chunk], corpus_dir: Path) -> list[str]:
    """Every problem with the catalogue the curated file in ``corpus_dir`` and these passages make."""
    try:
        curated = load_curated(corpus_dir)
    except CatalogueError as exc:
        return [str(exc)]
    bureaux = BureauDirectory.load(corpus_dir / BUREAUX_FILE)
    return assemble(chunks, bureaux, curated, str(corpus_dir / CURATED_FILE))[1]


def check_catalogue(chunks: Sequence[Chunk], corpus_dir: Path) -> list[str]:
    """The index builder's check: raise :class:`CatalogueError` listing every problem, else the report's lines.

    The lines name the passages whose amounts no measure carries (:func:`uncatalogued_amounts`).
    """
    curated = load_curated(corpus_dir)
    bureaux = BureauDirectory.load(corpus_dir / BUREAUX_FILE)
    catalogue, errors = assemble(chunks, bureaux, curated, str(corpus_dir / CURATED_FILE))
    if errors:
        raise CatalogueError("the scheme catalogue is invalid: " + " | ".join(errors))
    return uncatalogued_amounts(catalogue, chunks)


def build_catalogue(index: PolicyIndex, corpus_dir: Path) -> Catalogue:
    """The catalogue for a loaded index; :class:`CatalogueError` listing every problem if it is invalid."""
    curated = load_curated(corpus_dir)
    catalogue, errors = assemble(index.chunks, index.bureaux, curated, str(corpus_dir / CURATED_FILE))
    if errors:
        raise CatalogueError("the scheme catalogue is invalid: " + " | ".join(errors))
    return catalogue
