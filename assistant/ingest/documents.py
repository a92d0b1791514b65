"""A document as the rest of the flow sees it: front matter and blocks (heading path, one bullet or paragraph each).

Every format becomes Markdown first (:mod:`assistant.ingest.corpus` has a loader per format) and then goes
through :func:`parse_markdown`, so the chunker sees the same shape whatever the source.

>>> doc = parse_markdown("doc", "---\\ntitle: T\\n---\\n# T\\n## Funds\\n- Launch a fund. (ITIB)\\n")
>>> doc.blocks[0].heading_path, doc.blocks[0].text
(('T', 'Funds'), 'Launch a fund. (ITIB)')
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import yaml


class CorpusError(ValueError):
    """A corpus file that cannot be read or has no content."""


@dataclass(frozen=True)
class Block:
    """One unit of content: a bullet (a policy measure) or a paragraph, under its headings."""

    kind: Literal["bullet", "paragraph"]
    heading_path: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Document:
    """A parsed document: its id (the file stem), front matter and blocks in reading order."""

    doc_id: str
    title: str
    language: str
    blocks: tuple[Block, ...]
    sha256: str


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
_BULLET = re.compile(r"^[-*+]\s+(.*\S)\s*$")


def parse_markdown(doc_id: str, markdown: str) -> Document:
    """Parse Markdown with optional YAML front matter into a :class:`Document`."""
    meta: dict = {}
    match = _FRONT_MATTER.match(markdown)
    if match:
        meta = yaml.safe_load(match.group(1)) or {}
        body = markdown[match.end():]
    else:
        body = markdown
    blocks: list[Block] = []
    headings: list[tuple[int, str]] = []
    paragraph: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            blocks.append(Block("paragraph", tuple(h for _, h in headings), " ".join(paragraph)))
            paragraph.clear()

    for raw in body.splitlines():
        line = raw.strip()
        if heading := _HEADING.match(line):
            flush_paragraph()
            level = len(heading.group(1))
            headings = [(lvl, text) for lvl, text in headings if lvl < level]
            headings.append((level, heading.group(2)))
        elif bullet := _BULLET.match(line):
            flush_paragraph()
            blocks.append(Block("bullet", tuple(h for _, h in headings), bullet.group(1)))
        elif line:
            paragraph.append(line)
        else:
            flush_paragraph()
    flush_paragraph()
    title = str(meta.get("title") or (blocks[0].heading_path[0] if blocks and blocks[0].heading_path else doc_id))
    digest = hashlib.sha256(markdown.encode()).hexdigest()
    return Document(doc_id, title, str(meta.get("language", "en")), tuple(blocks), digest)


def corpus_hash(documents: Iterable[Document]) -> str:
    """One hash over every document's content, to tell whether the index is stale."""
    digest = hashlib.sha256()
    for doc in sorted(documents, key=lambda d: d.doc_id):
        digest.update(f"{doc.doc_id}\0{doc.sha256}\0".encode())
    return digest.hexdigest()
