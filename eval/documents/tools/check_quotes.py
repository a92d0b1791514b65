"""Check every verbatim source quote of the document suites against the text the stored documents hold.

A quote must appear, whitespace and case aside (as assistant.evaluation.sources matches them), in the text of
the document its case names with a ``doc-<slug>`` tag (or in some suite document when it names none), and
the script reports quotes that also appear in other documents. Text is taken from each format the way a
loader would see it: DocBook XML element text with entities decoded, visible HTML text, the PDF text layer,
DOCX paragraphs and table cells, Markdown and plain text as they are.

Run with the tools environment (python-docx, pypdf, beautifulsoup4, lxml):
    python eval/documents/tools/check_quotes.py eval/suites/documents.yaml eval/suites/conflicts.yaml
    python eval/documents/tools/check_quotes.py --against eval/documents/chapter/industry-development-and-reform.pdf \
        eval/suites/golden.yaml
Exit status 1 when a quote is missing.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from docx import Document
from lxml import etree
from pypdf import PdfReader

DOCS = Path(__file__).resolve().parents[1]
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text as the project's quote matcher compares it: spaces collapsed, case folded."""
    return _SPACES.sub(" ", text).strip().casefold()


def text_of(path: Path) -> str:
    """The text a loader would read from a document file, by its format."""
    suffix = path.suffix.lower()
    if suffix == ".xml":
        root = etree.parse(str(path)).getroot()
        return " ".join(t for t in root.itertext() if not isinstance(t, etree._Comment))
    if suffix in (".html", ".htm"):
        return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").get_text(" ")
    if suffix == ".pdf":
        return " ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    if suffix == ".docx":
        document = Document(str(path))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return " ".join([p.text for p in document.paragraphs] + cells)
    return path.read_text(encoding="utf-8")


def suite_documents() -> dict[str, str]:
    """Slug -> normalised text, for every document sources.yaml puts in the suite corpus."""
    sources = yaml.safe_load((DOCS / "sources.yaml").read_text(encoding="utf-8"))
    return {entry["slug"]: normalise(text_of(DOCS / entry["file"]))
            for entry in sources["documents"] if entry.get("suite_corpus")}


def main(suites: list[str]) -> int:
    """Check every quote of the given suites against its documents; the number of misses."""
    docs = suite_documents()
    if suites[:1] == ["--against"]:
        # Check a suite against one file alone (the chapter rendered as PDF or HTML): tags are ignored.
        target = DOCS.parents[1] / suites[1]
        docs = {target.name: normalise(text_of(target))}
        suites = suites[2:]
    missing = 0
    counts: Counter[str] = Counter()
    for suite in suites:
        for case in yaml.safe_load(Path(suite).read_text(encoding="utf-8")):
            slugs = [t[4:] for t in case.get("tags", []) if t.startswith("doc-")]
            slugs = [s for s in slugs if s in docs]
            for quote in case.get("sources", []):
                q = normalise(quote)
                found = [slug for slug, text in docs.items() if q in text]
                wanted = slugs or list(docs)
                if not set(found) & set(wanted):
                    missing += 1
                    print(f"MISSING {suite}:{case['id']}: {quote!r} (in {found or 'no document'})")
                    continue
                counts[Path(suite).name] += 1
                others = sorted(set(found) - set(wanted))
                if others:
                    print(f"note    {case['id']}: quote also in {others}")
    for suite, n in counts.items():
        print(f"{suite}: {n} quotes found in their documents")
    print(f"{missing} quotes missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
