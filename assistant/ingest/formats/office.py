"""DOCX through python-docx (MIT, maintained): headings from the Heading styles, lists, tables under their headers.

Paragraphs and tables are read in document order; a ``Title`` or ``Heading N`` style gives a heading of that
level, a list style a bullet, and a table becomes Markdown rows under its first row. The title comes from the
file's core properties, else its first Title or level-1 heading.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from assistant.ingest.documents import CorpusError
from assistant.ingest.formats.common import clean, first_title, heading, markdown_table, with_front_matter

_HEADING_STYLE = re.compile(r"^Heading (\d)$")


def _paragraph_line(paragraph: Paragraph) -> tuple[str, int | None]:
    """The paragraph's Markdown line and its heading level (``None`` when it is not a heading)."""
    text = clean(paragraph.text)
    style = paragraph.style.name if paragraph.style is not None else ""
    if style == "Title":
        return heading(1, text), 1
    if match := _HEADING_STYLE.match(style):
        return heading(int(match.group(1)) + 1, text), int(match.group(1)) + 1
    if "List" in style:
        return f"- {text}", None
    return text, None


def load_docx(path: Path) -> str:
    """A DOCX file as Markdown with front matter (title, author as publisher, language from its properties)."""
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorpusError(f"not a readable DOCX file: {exc}") from exc
    lines: list[str] = []
    first_heading = None
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            lines += ["", markdown_table([[cell.text for cell in row.cells] for row in item.rows]), ""]
            continue
        line, level = _paragraph_line(item)
        if not clean(item.text):
            continue
        if level is not None:
            first_heading = first_heading or clean(item.text)
            lines += ["", line, ""]
        else:
            lines += [line, ""] if not line.startswith("- ") else [line]
    props = document.core_properties
    title = first_title(props.title, first_heading)
    if title and not any(line.startswith("# ") for line in lines):
        lines.insert(0, heading(1, title))
    # The creation date is when the file was made, not when the document was published: not used.
    meta = {"title": title, "publisher": clean(props.author or "") or None,
            "language": clean(props.language or "") or None}
    return with_front_matter(meta, "\n".join(lines))
