"""Lay out the suite corpus as plain text, the way a content team drops documents in "as text".

Each suite document becomes the .txt file a person or a tool would make of it: the PDF through pdftotext
(lines wrapped where the PDF wrapped them), the web pages as a browser's text (site menu, cookie banner,
breadcrumb and footer included, wrapped at 76 columns as a text browser writes them, table cells apart by
tabs as a browser copies them), the DOCX's paragraphs and table rows, the DocBook XML's element text with its
own line breaks. No ``documents.yaml``: titles, dates and languages come from the text alone. With the
project's ``corpus/`` (the chapter and the curated files), as the issue's judge builds its mixed corpus.

    python eval/documents/tools/as_text.py /tmp/as-text          # needs pdftotext (Debian: poppler-utils)
    ASSISTANT_CORPUS_DIR=/tmp/as-text ASSISTANT_INDEX_DIR=/tmp/as-text-index assistant index

``--no-columns`` writes tables as a text browser does, cells apart by single spaces, so their columns are lost.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import textwrap
from pathlib import Path

import docx
import yaml
from lxml import etree, html

HERE = Path(__file__).resolve().parents[1]
ROOT = HERE.parents[1]
WIDTH = 76
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "section", "header", "footer", "nav",
           "table", "ul", "ol", "title", "article", "main", "button", "dt", "dd", "caption"}


def _wrapped(line: str) -> list[str]:
    return textwrap.wrap(line, WIDTH, break_on_hyphens=False) or [""]


def html_text(path: Path, columns: bool) -> str:
    """A web page as a browser's text: one line per block, wrapped, list items starred, table cells apart."""
    tree = html.parse(str(path))
    for element in tree.xpath("//script|//style|//head"):
        element.drop_tree()
    lines: list[str] = [""]

    def walk(element: etree._Element) -> None:
        if element.tag in _BLOCKS:
            lines.append("* " if element.tag == "li" else "")
        lines[-1] += " ".join((element.text or "").split()) + (" " if element.text else "")
        for child in element:
            walk(child)
            if child.tag in ("td", "th"):
                lines[-1] = lines[-1].rstrip() + ("\t" if columns else " ")
            lines[-1] += " ".join((child.tail or "").split()) + (" " if child.tail and child.tail.strip() else "")
        if element.tag in _BLOCKS:
            lines.append("")

    walk(tree.getroot())
    out = []
    for line in (line.strip() for line in lines):
        if line:
            out += [line] if "\t" in line else _wrapped(line)
    return "\n".join(out) + "\n"


def docbook_text(path: Path) -> str:
    """DocBook XML's element text, each element a paragraph, its own line breaks kept."""
    texts = [element.text.strip() for element in etree.parse(str(path)).iter()
             if isinstance(element.tag, str) and element.text and element.text.strip()]
    return "\n\n".join(texts) + "\n"


def docx_text(path: Path) -> str:
    """A DOCX's paragraphs, then its table rows with tabs between the cells, as Word copies them."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    lines += ["\t".join(cell.text for cell in row.cells) for table in document.tables for row in table.rows]
    return "\n\n".join(lines) + "\n"


def as_text(path: Path, columns: bool) -> str:
    """The text a person or tool would make of ``path``."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    if suffix in (".html", ".htm"):
        return html_text(path, columns)
    if suffix == ".xml":
        return docbook_text(path)
    if suffix == ".docx":
        return docx_text(path)
    return path.read_text(encoding="utf-8")


def main() -> None:
    """Copy corpus/ and write every suite document as text."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=Path)
    parser.add_argument("--no-columns", action="store_true", help="table cells apart by spaces, not tabs")
    args = parser.parse_args()
    shutil.rmtree(args.target, ignore_errors=True)
    shutil.copytree(ROOT / "corpus", args.target)
    sources = yaml.safe_load((HERE / "sources.yaml").read_text(encoding="utf-8"))["documents"]
    for entry in (e for e in sources if e.get("suite_corpus")):
        source = HERE / entry["file"]
        destination = args.target / "documents" / Path(entry["file"]).with_suffix(
            source.suffix if source.suffix in (".txt", ".md") else ".txt")
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(as_text(source, not args.no_columns), encoding="utf-8")
        print(destination.relative_to(args.target))


if __name__ == "__main__":
    main()
