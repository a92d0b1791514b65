"""PDF: the text layer through pdfplumber, headings from font size, tables kept as rows under their headers.

pdfplumber (MIT, maintained, on pdfminer.six) gives every line with its characters' sizes and finds ruled and
aligned tables, which PDF policy documents use for figures; PyMuPDF would be faster but is AGPL. The body
size is the size most of the text is set in; larger lines are headings, the largest level 1, and a run of
heading lines of one size is one heading. A line that starts with a bullet or a paragraph number starts a new
block; other lines continue the block they follow. Headings carry ``page=N`` anchors (PDF open parameters).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from assistant.ingest.documents import CorpusError
from assistant.ingest.formats.common import clean, first_title, heading, markdown_table, with_front_matter

_BULLET = re.compile(r"^(?:[•●▪◦‣∙·\-–]|\(cid:\d+\))\s*")
_NUMBERED = re.compile(r"^(?:\d{1,4}\.|\((?:[a-z]{1,3}|[A-Z]|\d{1,2})\))\s")
# A line larger than the body by this factor is a heading.
_HEADING_RATIO = 1.15
# A gap between lines wider than this many times the usual line spacing starts a new block.
_GAP_RATIO = 1.3


@dataclass
class _Line:
    text: str
    size: float
    top: float
    page: int
    table: str | None = None  # a whole table, as Markdown, standing where it starts on the page


def _lines(pdf: pdfplumber.PDF) -> tuple[list[_Line], Counter]:
    """The text lines outside tables and the tables (as lines holding them), in reading order; the sizes' weights."""
    lines, weight = [], Counter()
    for number, page in enumerate(pdf.pages, 1):
        found = page.find_tables()
        boxes = [t.bbox for t in found]
        items = [_Line("", 0.0, t.bbox[1], number, markdown_table(t.extract())) for t in found]
        for char in page.chars:
            if char["text"].strip():
                weight[round(char["size"], 1)] += 1
        for line in page.extract_text_lines():
            if any(x0 - 1 <= line["x0"] and line["top"] >= top - 1 and line["bottom"] <= bottom + 1
                   for x0, top, _, bottom in boxes):
                continue
            sizes = [round(c["size"], 1) for c in line["chars"] if c["text"].strip()]
            if sizes and clean(line["text"]):
                items.append(_Line(clean(line["text"]), Counter(sizes).most_common(1)[0][0], line["top"], number))
        lines += sorted(items, key=lambda item: item.top)
    return lines, weight


def _spacing(lines: list[_Line], body: float) -> float:
    """The usual distance between consecutive body lines on a page."""
    gaps = Counter(round(b.top - a.top) for a, b in itertools.pairwise(lines)
                   if a.page == b.page and a.size == b.size == body and b.top > a.top)
    return float(gaps.most_common(1)[0][0]) if gaps else body * 1.4


class _Layout:
    """Turns lines into Markdown: headings by size, bullets, paragraphs split at numbers and wide gaps."""

    def __init__(self, lines: list[_Line], weight: Counter) -> None:
        self.lines = lines
        body = weight.most_common(1)[0][0]
        self.levels = {size: n for n, size in enumerate(
            sorted({s for s in weight if s > body * _HEADING_RATIO}, reverse=True), 1)}
        self.gap = _spacing(lines, body) * _GAP_RATIO
        self.out: list[str] = []

    def markdown(self) -> str:
        previous: _Line | None = None
        for line in self.lines:
            if line.table is not None:
                self.out += ["", line.table, ""]
            elif line.size in self.levels:
                self._heading(line, previous)
            else:
                self._text(line, previous)
            previous = line
        return "\n".join(self.out)

    def _heading(self, line: _Line, previous: _Line | None) -> None:
        level = self.levels[line.size]
        text = line.text
        if previous is not None and previous.size == line.size and len(self.out) > 1 and self.out[-2].startswith("#"):
            text = self.out[-2].lstrip("# ").split(" {#")[0] + " " + line.text
            del self.out[-3:]
        self.out += ["", heading(level, text, f"page={previous.page if text != line.text else line.page}"), ""]

    def _text(self, line: _Line, previous: _Line | None) -> None:
        wide = previous is None or previous.page != line.page or line.top - previous.top > self.gap
        if _BULLET.match(line.text) and not _NUMBERED.match(line.text):
            self.out.append(f"- {_BULLET.sub('', line.text)}")
        elif _NUMBERED.match(line.text) or wide or not self.out or not self.out[-1] or self.out[-1].startswith("#"):
            self.out += ["", line.text]
        else:
            self.out[-1] = f"{self.out[-1]} {line.text}"


def _first_heading(markdown: str) -> str | None:
    return next((h[2:].split(" {#")[0] for h in markdown.splitlines() if h.startswith("# ")), None)


def load_pdf(path: Path) -> str:
    """A PDF's text layer as Markdown with front matter (title from its metadata or first heading)."""
    try:
        with pdfplumber.open(path) as pdf:
            lines, weight = _lines(pdf)
            info = pdf.metadata or {}
    except (PDFSyntaxError, PdfminerException, ValueError, KeyError) as exc:
        raise CorpusError(f"not a readable PDF: {exc}") from exc
    if not lines:
        raise CorpusError("the PDF has no text layer (a scan needs OCR first)")
    body = _Layout(lines, weight).markdown()
    title = first_title(str(info.get("Title") or ""), _first_heading(body))
    meta = {"title": title, "publisher": clean(str(info.get("Author") or "")) or None}
    return with_front_matter(meta, body)
