"""Bring files and web pages into the corpus, and keep the web ones current.

``add`` copies a file, or fetches a URL, into the corpus folder after checking that it loads; a fetched
document's sidecar (``NAME.EXT.meta.yaml``, read by :mod:`assistant.ingest.corpus` for its metadata) also
keeps where it came from and what the server said: ``source: {url, etag, last_modified, sha256}``. ``sync``
asks each URL document's server again with a conditional request (``If-None-Match``, ``If-Modified-Since``):
304, or a body whose SHA-256 is unchanged, leaves the file alone; a changed body replaces it; 404 or 410
withdraws it (the file and sidecar move into ``.withdrawn/``, which the loaders never read, so its passages
leave the index at the next build and are never cited). The index build that follows re-embeds only the
chunks that changed.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx
import yaml

from assistant.ingest.corpus import LOADERS, SIDECAR_SUFFIX, load_document
from assistant.ingest.documents import CorpusError

#: Where fetched pages are kept, inside the corpus folder.
WEB_FOLDER = "web"
#: Where withdrawn documents are moved, inside the corpus folder (never loaded: its name starts with a dot).
WITHDRAWN_FOLDER = ".withdrawn"
_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
          "application/xml": ".xml", "text/xml": ".xml", "text/plain": ".txt", "text/markdown": ".md",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}
_GONE = {404, 410}


@dataclass
class SyncReport:
    """What a sync did, by the corpus files concerned."""

    unchanged: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _suffix(url: str, content_type: str) -> str:
    kind = content_type.split(";")[0].strip().lower()
    if kind in _TYPES:
        return _TYPES[kind]
    suffix = Path(urlparse(url).path).suffix.lower()
    if suffix in LOADERS:
        return suffix
    raise CorpusError(f"{url}: cannot tell the format of '{content_type or 'no content type'}'")


def _name_for(url: str, suffix: str) -> str:
    parsed = urlparse(url)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", f"{parsed.netloc}{Path(parsed.path).with_suffix('')}").strip("-").lower()
    return f"{stem[:120] or 'page'}{suffix}"


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def _read_sidecar(path: Path) -> dict:
    sidecar = _sidecar(path)
    return (yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}) if sidecar.exists() else {}


def _write_sidecar(path: Path, data: dict) -> None:
    _sidecar(path).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _checked_write(target: Path, body: bytes) -> None:
    """Write ``body`` to ``target`` only if it loads as a document; the old file stays otherwise."""
    trial = target.with_name(f".incoming-{target.name}")
    trial.write_bytes(body)
    try:
        load_document(trial)
    except CorpusError as exc:
        trial.unlink()
        raise CorpusError(str(exc).replace(str(trial), str(target))) from exc
    trial.replace(target)


def _source(url: str, response: httpx.Response) -> dict:
    return {"url": url, "etag": response.headers.get("etag"), "last_modified": response.headers.get("last-modified"),
            "sha256": hashlib.sha256(response.content).hexdigest()}


def add(corpus_dir: Path, item: str, client: httpx.Client | None = None) -> Path:
    """Bring a file or a URL into the corpus; the path it now has there. :class:`CorpusError` if it cannot load."""
    if not item.startswith(("http://", "https://")):
        source = Path(item)
        if not source.is_file():
            raise CorpusError(f"{item}: no such file")
        load_document(source)
        target = corpus_dir / source.name
        if target.exists() and target.resolve() != source.resolve():
            raise CorpusError(f"{target}: a document of that name is already in the corpus")
        shutil.copyfile(source, target)
        if _sidecar(source).exists():
            shutil.copyfile(_sidecar(source), _sidecar(target))
        return target
    with client or httpx.Client(timeout=30, follow_redirects=True) as http:
        response = http.get(item)
    if response.status_code != 200:
        raise CorpusError(f"{item}: the server answered {response.status_code}")
    folder = corpus_dir / WEB_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / _name_for(item, _suffix(item, response.headers.get("content-type", "")))
    _checked_write(target, response.content)
    _write_sidecar(target, {"url": item, "source": _source(item, response)})
    return target


def url_documents(corpus_dir: Path) -> list[Path]:
    """The corpus files that came from a URL (their sidecar records one)."""
    found = []
    for sidecar in sorted(corpus_dir.rglob(f"*{SIDECAR_SUFFIX}")):
        if any(part.startswith(".") for part in sidecar.relative_to(corpus_dir).parts):
            continue
        document = sidecar.with_name(sidecar.name[: -len(SIDECAR_SUFFIX)])
        if document.exists() and (_read_sidecar(document).get("source") or {}).get("url"):
            found.append(document)
    return found


def _withdraw(corpus_dir: Path, path: Path) -> None:
    target = corpus_dir / WITHDRAWN_FOLDER / path.relative_to(corpus_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    path.replace(target)
    _sidecar(path).replace(_sidecar(target))


def _sync_one(corpus_dir: Path, path: Path, http: httpx.Client, report: SyncReport) -> None:
    meta = _read_sidecar(path)
    source = meta["source"]
    headers = {k: v for k, v in (("If-None-Match", source.get("etag")),
                                 ("If-Modified-Since", source.get("last_modified"))) if v}
    name = path.relative_to(corpus_dir).as_posix()
    response = http.get(source["url"], headers=headers)
    if response.status_code == 304:
        report.unchanged.append(name)
    elif response.status_code in _GONE:
        _withdraw(corpus_dir, path)
        report.withdrawn.append(name)
    elif response.status_code != 200:
        report.failed.append(f"{name}: the server answered {response.status_code}; the stored copy stays")
    elif hashlib.sha256(response.content).hexdigest() == source.get("sha256"):
        meta["source"] = _source(source["url"], response)
        _write_sidecar(path, meta)
        report.unchanged.append(name)
    else:
        _checked_write(path, response.content)
        meta["source"] = _source(source["url"], response)
        _write_sidecar(path, meta)
        report.changed.append(name)


def sync(corpus_dir: Path, client: httpx.Client | None = None) -> SyncReport:
    """Re-fetch every URL document conditionally; update what changed and withdraw what is gone."""
    report = SyncReport()
    with client or httpx.Client(timeout=30, follow_redirects=True) as http:
        for path in url_documents(corpus_dir):
            try:
                _sync_one(corpus_dir, path, http, report)
            except (httpx.HTTPError, CorpusError) as exc:
                report.failed.append(f"{path.relative_to(corpus_dir).as_posix()}: {exc}; the stored copy stays")
    return report
