"""DocBook XML (the format of the Chief Executive's Office open data): sections, titles, paragraphs, lists, tables.

Read with lxml (BSD, maintained; DocBook 5 namespaced or the older un-namespaced form alike): every
``section``'s ``title`` becomes a heading carrying the section's ``xml:id`` as its anchor, every ``para`` a
paragraph, every ``listitem`` a bullet and every table row a Markdown table row under its header.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from assistant.ingest.documents import CorpusError
from assistant.ingest.formats.common import clean, first_title, heading, markdown_table, with_front_matter

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SECTIONS = {"section", "chapter", "sect1", "sect2", "sect3", "sect4", "part", "appendix", "preface"}
_LISTS = {"itemizedlist", "orderedlist", "variablelist"}
_TABLES = {"table", "informaltable"}
_SKIP = {"title", "info", "subtitle", "titleabbrev"}


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _text(node: etree._Element) -> str:
    return clean("".join(node.itertext()))


def _child(node: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in node if _local(c) == name), None)


class _Writer:
    """Walks the element tree once, writing Markdown lines."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.lines: list[str] = []

    def section(self, node: etree._Element, level: int) -> None:
        title = _child(node, "title")
        name = _text(title) if title is not None else ""
        # A wrapper section that only repeats the document's title adds nothing to the heading path.
        if name and not self.title.startswith(name):
            self.lines += ["", heading(level, name, node.get(_XML_ID)), ""]
            level += 1
        self.children(node, level)

    def children(self, node: etree._Element, level: int) -> None:
        for child in node:
            self.element(child, level)

    def element(self, node: etree._Element, level: int) -> None:
        name = _local(node)
        if name in _SECTIONS:
            self.section(node, level)
        elif name in _LISTS:
            for item in (c for c in node.iter() if _local(c) in {"listitem"}):
                if text := _text(item):
                    self.lines.append(f"- {text}")
            self.lines.append("")
        elif name in _TABLES:
            rows = [[_text(cell) for cell in row if _local(cell) in {"entry", "td", "th"}]
                    for row in node.iter() if _local(row) in {"row", "tr"}]
            self.lines += ["", markdown_table(rows), ""]
        elif name in {"para", "simpara", "formalpara", "note"}:
            if _child(node, "itemizedlist") is None and _child(node, "orderedlist") is None:
                self.lines += [_text(node), ""]
            else:
                self.lines += [clean(node.text or ""), ""]
                self.children(node, level)
        elif name and name not in _SKIP:
            self.children(node, level)


def load_docbook(path: Path) -> str:
    """A DocBook file as Markdown with front matter (title and language from the file)."""
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        raise CorpusError(f"not well-formed XML: {exc}") from exc
    info = _child(root, "info")
    info_title = _child(info, "title") if info is not None else None
    own_title = _child(root, "title")
    first_section = next((s for s in root.iter() if _local(s) in _SECTIONS), None)
    section_title = _child(first_section, "title") if first_section is not None else None
    title = first_title(*(_text(t) for t in (info_title, own_title, section_title) if t is not None))
    if not title:
        raise CorpusError("the DocBook file has no title")
    writer = _Writer(title)
    writer.lines += [heading(1, title), ""]
    writer.children(root, 2)
    body = "\n".join(writer.lines)
    return with_front_matter({"title": title, "language": root.get(_XML_LANG)}, body)
