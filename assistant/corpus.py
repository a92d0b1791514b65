"""Load policy documents into structured blocks: heading path plus one bullet or paragraph each.

Every format becomes Markdown first and then goes through one parser, so the chunker sees the same shape
whatever the source. A loader is a function from a file's text to Markdown; :data:`LOADERS` maps file
suffixes to loaders, and adding a format (``.html``, ``.docx``) is one function and one entry there.

>>> doc = parse_markdown("doc", "---\\ntitle: T\\n---\\n# T\\n## Funds\\n- Launch a fund. (ITIB)\\n")
>>> doc.blocks[0].heading_path, doc.blocks[0].text
(('T', 'Funds'), 'Launch a fund. (ITIB)')
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from assistant.textrepair import repair_text


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
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


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


def _is_title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", line) if w.lower() not in _SMALL_WORDS]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6


def _looks_like_heading(line: str) -> bool:
    return len(line) <= 120 and not line.endswith((".", ";", ":", ",")) and not line.startswith("- ")


def text_to_markdown(text: str, language: str = "en") -> str:
    """Turn repaired plain text from a PDF into Markdown with front matter.

    The first heading is the title (H1) and a later repeat of it is dropped; headings in Title Case are
    sections (H2) and those in sentence case are subsections (H3), which is how policy documents of this
    kind set them. Bullets stay bullets, one per measure; other lines are paragraphs.
    """
    lines = [line for line in repair_text(text).splitlines()]
    out: list[str] = []
    title = ""
    for line in lines:
        if not line:
            continue
        if line.startswith("- "):
            out.append(line)
            continue
        if not _looks_like_heading(line):
            out.extend(["", line, ""])
            continue
        if not title:
            title = line
            out.extend([f"# {line}", ""])
        elif line != title:
            level = "##" if _is_title_case(line) else "###"
            out.extend(["", f"{level} {line}", ""])
    if not title:
        raise CorpusError("no heading found to use as the document title")
    front = yaml.safe_dump({"title": title, "language": language}, sort_keys=False).strip()
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    return f"---\n{front}\n---\n\n{body}\n"


def _load_markdown(text: str) -> str:
    return repair_text(text)


#: File suffix to loader: a function from the file's raw text to Markdown.
LOADERS: dict[str, Callable[[str], str]] = {".md": _load_markdown, ".txt": text_to_markdown}


def load_document(path: Path) -> Document:
    """Load one file with the loader for its suffix."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise CorpusError(f"{path}: no loader for '{path.suffix}' files (known: {', '.join(sorted(LOADERS))})")
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read: {exc}") from exc
    document = parse_markdown(path.stem, loader(raw))
    if not document.blocks:
        raise CorpusError(f"{path}: no text found")
    return document


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The documents under ``corpus_dir`` in a stable order; data files such as YAML are not documents."""
    return sorted(p for p in corpus_dir.rglob("*") if p.is_file() and p.suffix.lower() in LOADERS
                  and not p.name.lower().startswith("readme"))


def load_corpus(corpus_dir: Path) -> list[Document]:
    """Load every document in ``corpus_dir``; an empty corpus is an error, not an empty index."""
    files = corpus_files(corpus_dir)
    if not files:
        raise CorpusError(f"{corpus_dir}: no documents ({', '.join(sorted(LOADERS))}) found")
    return [load_document(path) for path in files]


def corpus_hash(documents: Iterable[Document]) -> str:
    """One hash over every document's content, to tell whether the index is stale."""
    digest = hashlib.sha256()
    for doc in sorted(documents, key=lambda d: d.doc_id):
        digest.update(f"{doc.doc_id}\0{doc.sha256}\0".encode())
    return digest.hexdigest()
