"""Load the corpus folder: one loader per file format, each turning a file's text into Markdown.

A loader is a function from a file's text to Markdown; :data:`LOADERS` maps file suffixes to loaders, and
adding a format (``.html``, ``.docx``) is one function and one entry there. The Markdown is then parsed
into blocks by :func:`assistant.ingest.documents.parse_markdown`.

>>> sorted(LOADERS)
['.md', '.txt']
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.ingest.documents import CorpusError, Document, parse_markdown
from assistant.ingest.plaintext import text_to_markdown
from assistant.text.repair import repair_text


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
