"""Load the corpus folder: one loader per file format, each turning a file into Markdown, plus its metadata.

A loader is a function from a file's path to Markdown with front matter; :data:`LOADERS` maps file suffixes
to loaders (the formats in :mod:`assistant.ingest.formats`). A document's metadata comes from the file itself
(its front matter, title element, PDF properties), then a sidecar ``NAME.EXT.meta.yaml`` next to it, then the
curated ``documents.yaml`` in the corpus folder (entries ``{file, title, url, publisher, date, language}``,
``file`` relative to the folder, and ``version_of``, the file of the same document in another language,
which links the two: :mod:`assistant.ingest.versions`): each later source wins. A file that cannot be parsed
is skipped with a one-line reason naming it, and the rest of the corpus still loads.

>>> sorted(LOADERS)
['.docx', '.htm', '.html', '.markdown', '.md', '.pdf', '.txt', '.xml']
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import yaml
from tqdm import tqdm

from assistant.ingest.documents import METADATA_FIELDS, CorpusError, Document, front_matter, parse_markdown
from assistant.ingest.formats.docbook import load_docbook
from assistant.ingest.formats.html import load_html
from assistant.ingest.formats.office import load_docx
from assistant.ingest.formats.pdf import load_pdf
from assistant.ingest.plaintext import text_to_markdown
from assistant.ingest.versions import link_versions
from assistant.text.repair import repair_text

log = logging.getLogger(__name__)

#: The curated metadata file in the corpus folder.
DOCUMENTS_FILE = "documents.yaml"
#: A sidecar's name: the document's file name plus this.
SIDECAR_SUFFIX = ".meta.yaml"


def _read_text(path: Path) -> str:
    """A text file's text: UTF-8 (a byte-order mark dropped), else the encoding charset-normalizer finds.

    Hong Kong pages saved as text are often Big5, and Windows saves UTF-16: read as UTF-8 they would fail.
    """
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        found = charset_normalizer.from_bytes(raw).best()
        if found is None:
            raise CorpusError(f"not text in any encoding known (as UTF-8: {exc})") from exc
        return str(found)


def _load_markdown(path: Path) -> str:
    return repair_text(_read_text(path))


def _load_text(path: Path) -> str:
    """Plain text; a file that opens with front matter keeps it, and its title is the first line otherwise."""
    meta, body = front_matter(_read_text(path))
    markdown = text_to_markdown(body, str(meta.get("language") or "en"))
    own, rest = front_matter(markdown)
    own.pop("language", None)  # unless the file says, the language is guessed from the text
    return "---\n" + yaml.safe_dump({**own, **meta}, sort_keys=False, allow_unicode=True) + "---\n" + rest


#: File suffix to loader: a function from the file's path to Markdown with front matter.
LOADERS: dict[str, Callable[[Path], str]] = {
    ".md": _load_markdown, ".markdown": _load_markdown, ".txt": _load_text, ".html": load_html, ".htm": load_html,
    ".xml": load_docbook, ".pdf": load_pdf, ".docx": load_docx,
}


@dataclass
class CorpusLoad:
    """The documents that loaded and, for each file that did not, one line naming it and why."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _yaml_mapping(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected a mapping")
    return data


def curated_metadata(corpus_dir: Path) -> dict[str, dict]:
    """File (relative to the corpus folder) -> metadata, from ``documents.yaml``; ``{}`` without one."""
    path = corpus_dir / DOCUMENTS_FILE
    if not path.exists():
        return {}
    entries = _yaml_mapping(path).get("documents") or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("file") for e in entries):
        raise CorpusError(f"{path}: 'documents' must be a list of entries, each with a 'file'")
    return {str(e["file"]): {k: e[k] for k in METADATA_FIELDS if e.get(k) not in (None, "")} for e in entries}


def _overrides(path: Path, curated: dict) -> dict:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    own = {k: v for k, v in _yaml_mapping(sidecar).items() if k in METADATA_FIELDS} if sidecar.exists() else {}
    return {**own, **curated}


def load_document(path: Path, doc_id: str | None = None, overrides: dict | None = None) -> Document:
    """Load one file with the loader for its suffix; :class:`CorpusError` with a one-line reason naming it."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise CorpusError(f"{path}: no loader for '{path.suffix}' files (known: {', '.join(sorted(LOADERS))})")
    try:
        markdown = loader(path)
    except CorpusError as exc:
        raise CorpusError(f"{path}: {exc}") from exc
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc}") from exc
    document = parse_markdown(doc_id or path.stem, markdown, overrides)
    if not document.blocks:
        raise CorpusError(f"{path}: no text found")
    return document


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The documents under ``corpus_dir`` in a stable order; data files such as YAML are not documents.

    Hidden files and folders (``.withdrawn/``, a file being written) are not documents either.
    """
    return sorted(p for p in corpus_dir.rglob("*") if p.is_file() and p.suffix.lower() in LOADERS
                  and not p.name.lower().startswith("readme")
                  and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts))


def _doc_id(path: Path, corpus_dir: Path, taken: set[str]) -> str:
    """The file's path in the corpus without its suffix; with it, when another format of the same name came first."""
    relative = path.relative_to(corpus_dir)
    doc_id = relative.with_suffix("").as_posix()
    return relative.as_posix() if doc_id in taken else doc_id


def read_corpus(corpus_dir: Path, show_progress: bool = False) -> CorpusLoad:
    """Every document in ``corpus_dir`` that loads, and a line for each that does not.

    An empty corpus, or one where nothing loads, is an error, not an empty index. ``show_progress`` draws a
    progress bar on standard error (a large corpus of PDFs takes minutes to read).
    """
    files = corpus_files(corpus_dir)
    if not files:
        raise CorpusError(f"{corpus_dir}: no documents ({', '.join(sorted(LOADERS))}) found")
    curated = curated_metadata(corpus_dir)
    result, taken = CorpusLoad(), set()
    for path in tqdm(files, desc="loading", unit="file", disable=not show_progress):
        doc_id = _doc_id(path, corpus_dir, taken)
        try:
            overrides = _overrides(path, curated.get(path.relative_to(corpus_dir).as_posix(), {}))
            document = load_document(path, doc_id, overrides)
        except CorpusError as exc:
            line = str(exc).splitlines()[0] if str(exc) else f"{path}: cannot be parsed"
            log.warning("skipped %s", line)
            result.skipped.append(line)
            continue
        taken.add(doc_id)
        result.documents.append(document)
    if not result.documents:
        raise CorpusError(f"{corpus_dir}: no document could be loaded: " + " | ".join(result.skipped))
    result.documents, unknown = link_versions(result.documents)
    for line in unknown:
        log.warning("%s", line)
    return result


def load_corpus(corpus_dir: Path) -> list[Document]:
    """The documents of :func:`read_corpus` (files that cannot be parsed are skipped)."""
    return read_corpus(corpus_dir).documents
