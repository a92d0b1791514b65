"""A document as the rest of the flow sees it: metadata and blocks (heading path, one bullet, paragraph or row each).

Every format becomes Markdown first (:mod:`assistant.ingest.corpus` has a loader per format) and then goes
through :func:`parse_markdown`, so the chunker sees the same shape whatever the source. A heading may end in
``{#anchor}`` (the section's id in its source, for links); a pipe table becomes one ``row`` block per row, each
carrying its column headers; a paragraph numbered ``77.`` or ``(a)`` gives its number to itself and to the
bullets that follow it in its section.

>>> doc = parse_markdown("doc", "# T\\n## Funds {#f}\\n77. Launch a fund.\\n\\n- Do it. (ITIB)\\n")
>>> [(b.kind, b.heading_path, b.text, b.paragraph, b.anchor) for b in doc.blocks]
[('paragraph', ('T', 'Funds'), '77. Launch a fund.', '77', 'f'), ('bullet', ('T', 'Funds'), 'Do it. (ITIB)', '77', 'f')]
>>> parse_markdown("d", "# T\\n| Programme | Projects |\\n|---|---|\\n| ITSP | 2268 |\\n").blocks[0].text
'Programme: ITSP; Projects: 2268'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import yaml

from assistant.text.patterns import MONTHS


class CorpusError(ValueError):
    """A corpus file that cannot be read or has no content."""


@dataclass(frozen=True)
class Block:
    """One unit of content: a bullet (a policy measure), a paragraph or a table row, under its headings."""

    kind: Literal["bullet", "paragraph", "row"]
    heading_path: tuple[str, ...]
    text: str
    paragraph: str | None = None
    anchor: str | None = None


#: The metadata a document may carry (front matter, a sidecar or the curated file give them).
#: ``version_of`` names the same document in another language (its file in the corpus, or its id), so that a
#: citation of either can show both (:mod:`assistant.ingest.versions`).
METADATA_FIELDS = ("title", "url", "publisher", "date", "language", "version_of")


@dataclass(frozen=True)
class Version:
    """Another language's version of a document: what a citation shows of it."""

    doc_id: str
    language: str
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Document:
    """A parsed document: its id (its path in the corpus), metadata and blocks in reading order."""

    doc_id: str
    title: str
    language: str
    blocks: tuple[Block, ...]
    sha256: str
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    #: What the metadata names as this document in another language (a corpus file or id), as written.
    version_of: str | None = None
    #: The other language versions of this document, linked by :func:`assistant.ingest.versions.link_versions`.
    versions: tuple[Version, ...] = ()


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?\S)(?:\s+\{#([^}\s]+)\})?\s*$")
_BULLET = re.compile(r"^[-*+]\s+(.*\S)\s*$")
_TABLE_ROW = re.compile(r"^\|(.*)\|\s*$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_NUMBER = re.compile(r"^(?:(\d{1,4})\.|\(([a-z]{1,3}|[A-Z]|\d{1,2})\))\s+\S")
_LETTERED = re.compile(r"^\(([A-Z]{1,3})\)\s+\S")


def front_matter(markdown: str) -> tuple[dict, str]:
    """The YAML front matter (``{}`` when there is none) and the body after it."""
    match = _FRONT_MATTER.match(markdown)
    if not match:
        return {}, markdown
    meta = yaml.safe_load(match.group(1)) or {}
    return (meta if isinstance(meta, dict) else {}), markdown[match.end():]


def paragraph_number(text: str) -> str | None:
    """``77`` for "77. The Government ...", ``a`` for "(a) ...", else ``None``."""
    match = _NUMBER.match(text)
    return (match.group(1) or match.group(2)) if match else None


_MONTH_NUMBERS = {m: n for n, m in enumerate(MONTHS.split("|"), 1)}
_DATES = [
    (re.compile(rf"\b({MONTHS})\s+(\d{{1,2}}),\s+((?:19|20)\d{{2}})\b"), ("m", "d", "y")),
    (re.compile(rf"\b(\d{{1,2}})\s+({MONTHS})\s+((?:19|20)\d{{2}})\b"), ("d", "m", "y")),
    (re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
    (re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日"), ("y", "m", "d")),
    # Hong Kong writes day/month/year ("as at 30/11/2016").
    (re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b"), ("d", "m", "y")),
]
# How far into a document its date is looked for when nothing else gives one.
_DATE_WINDOW = 1500


def guess_date(text: str) -> str | None:
    """The first full date in the opening of ``text``, as ISO, or ``None``.

    >>> guess_date("ITF statistics (as at 30/11/2016)"), guess_date("LCQ8 (July 30, 2025)"), guess_date("in 2027")
    ('2016-11-30', '2025-07-30', None)
    """
    found = []
    for pattern, order in _DATES:
        if match := pattern.search(text[:_DATE_WINDOW]):
            parts = dict(zip(order, match.groups(), strict=True))
            month = _MONTH_NUMBERS.get(parts["m"]) or int(parts["m"])
            if 1 <= month <= 12 and 1 <= int(parts["d"]) <= 31:
                found.append((match.start(), f"{int(parts['y']):04d}-{month:02d}-{int(parts['d']):02d}"))
    return min(found)[1] if found else None


# A press release's sign-off, the date it was issued after it: "Ends/Wednesday, February 5, 2025", "完 2025年2月5日".
_SIGN_OFF = re.compile(r"(?:\bEnds\s*/|(?<![\u3400-\u9fff])完(?![\u3400-\u9fff]))\s*")
# How far from a document's end its sign-off is looked for.
_SIGN_OFF_WINDOW = 400


def issued_date(text: str) -> str | None:
    """The date a press release's sign-off at the end of ``text`` gives, as ISO, or ``None``.

    The sign-off is the date of issue, where the opening's first full date may be an event's ("launched on
    1 September 2024").

    >>> issued_date("... launched on 1 September 2024. Ends/Wednesday, February 5, 2025 Issued at HKT 15:30 NNNN")
    '2025-02-05'
    >>> issued_date("完 2025年2月5日（星期三） 香港時間15時30分"), issued_date("於2025年完成 2025年3月1日")
    ('2025-02-05', None)
    """
    tail = text[-_SIGN_OFF_WINDOW:]
    found = [guess_date(tail[m.end():m.end() + 60]) for m in _SIGN_OFF.finditer(tail)]
    return next((date for date in reversed(found) if date), None)


_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def guess_language(text: str) -> str:
    """``zh`` when Han characters outnumber Latin letters in ``text``, else ``en``."""
    return "zh" if len(_HAN.findall(text)) > len(_LATIN.findall(text)) else "en"


def _cells(line: str) -> list[str]:
    return [c.strip() for c in _TABLE_ROW.match(line).group(1).split("|")]


def _row_text(header: list[str], cells: list[str]) -> str:
    """A table row as one passage that names each column: ``Programme: ITSP; Projects: 2268``."""
    pairs = [f"{h}: {c}" if h else c for h, c in zip(header, cells, strict=False) if c]
    return "; ".join(pairs)


class _Parser:
    """Reads Markdown lines into blocks, keeping the heading path, anchors and paragraph numbers."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.headings: list[tuple[int, str, str | None]] = []
        self.paragraph: list[str] = []
        self.header: list[str] | None = None
        self.number: str | None = None

    def add(self, kind: Literal["bullet", "paragraph", "row"], text: str, number: str | None = None) -> None:
        anchor = next((a for _, _, a in reversed(self.headings) if a), None)
        self.blocks.append(Block(kind, tuple(h for _, h, _ in self.headings), text, number or self.number, anchor))

    def flush(self) -> None:
        if self.paragraph:
            text = " ".join(self.paragraph)
            if own := paragraph_number(text):
                self.number = own
            self.add("paragraph", text)
            self.paragraph.clear()

    def line(self, raw: str) -> None:
        line = raw.strip()
        if _TABLE_ROW.match(line):
            self.flush()
            if _TABLE_RULE.match(line):
                return
            if self.header is None:
                self.header = _cells(line)
            elif text := _row_text(self.header, _cells(line)):
                self.add("row", text)
            return
        self.header = None
        if heading := _HEADING.match(line):
            self.flush()
            level = len(heading.group(1))
            if self.headings and self.headings[-1][1] == heading.group(2):
                return  # a heading that repeats the one above it (a title set twice) adds nothing
            self.headings = [h for h in self.headings if h[0] < level]
            self.headings.append((level, heading.group(2), heading.group(3)))
            lettered = _LETTERED.match(heading.group(2))
            self.number = f"({lettered.group(1)})" if lettered else None
        elif bullet := _BULLET.match(line):
            self.flush()
            self.add("bullet", bullet.group(1))
        elif line:
            if self.paragraph and paragraph_number(line):
                self.flush()
            self.paragraph.append(line)
        else:
            self.flush()


def parse_markdown(doc_id: str, markdown: str, overrides: dict | None = None) -> Document:
    """Parse Markdown with optional YAML front matter into a :class:`Document`.

    ``overrides`` (a sidecar's or the curated file's metadata) win over the front matter.
    """
    meta, body = front_matter(markdown)
    meta = {**meta, **{k: v for k, v in (overrides or {}).items() if v not in (None, "")}}
    parser = _Parser()
    for raw in body.splitlines():
        parser.line(raw)
    parser.flush()
    blocks = parser.blocks
    title = str(meta.get("title") or (blocks[0].heading_path[0] if blocks and blocks[0].heading_path else doc_id))
    digest = hashlib.sha256((markdown + repr(sorted((overrides or {}).items(), key=str))).encode()).hexdigest()
    date = meta.get("date")
    opening = " ".join([*(h for h in (blocks[0].heading_path if blocks else ())), *(b.text for b in blocks[:20])])
    language = str(meta.get("language") or guess_language(opening))
    # Undated by its metadata, a document is dated by its sign-off (a press release's date of issue), else by its
    # opening's first full date, else by its file name's.
    date = date or issued_date(body) or guess_date(opening) or guess_date(doc_id)
    return Document(doc_id, title, language, tuple(blocks), digest,
                    url=meta.get("url") or meta.get("source_url"), publisher=meta.get("publisher"),
                    date=str(date) if date else None,
                    version_of=str(meta["version_of"]) if meta.get("version_of") else None)


def corpus_hash(documents: Iterable[Document]) -> str:
    """One hash over every document's content, to tell whether the index is stale."""
    digest = hashlib.sha256()
    for doc in sorted(documents, key=lambda d: d.doc_id):
        digest.update(f"{doc.doc_id}\0{doc.sha256}\0".encode())
    return digest.hexdigest()
