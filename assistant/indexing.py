"""Build the index from the corpus, embedding only the chunks that changed since the last build.

>>> report = IndexBuilder(get_settings()).build()     # doctest: +SKIP
>>> report.status, report.embedded, report.reused      # doctest: +SKIP
('built', 3, 56)

An unchanged corpus, model and chunker is a no-op (``status == 'up-to-date'``); a changed model re-embeds
everything; otherwise vectors of chunks whose ids (content hashes) survive are reused.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from assistant.bureaux import BureauDirectory
from assistant.chunking import Chunk, Chunker
from assistant.config import Settings
from assistant.corpus import Document, load_corpus
from assistant.embedding import Embedder
from assistant.index import (
    BUREAUX_FILE,
    CHUNKS_FILE,
    DENSE_FILE,
    LEXICAL_DIR,
    SENTENCE_VECTORS_FILE,
    VECTORS_FILE,
    fingerprint,
    read_chunks,
)
from assistant.index_store import IndexUnavailable, new_build_dir, publish, read_manifest, verify_files
from assistant.lexical import LexicalIndex
from assistant.schemes.catalogue import check_catalogue


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    status: str  # "built" or "up-to-date"
    build_id: str
    chunks: int
    embedded: int
    reused: int
    seconds: float


@dataclass
class _Vectors:
    """Previously computed vectors, by chunk id."""

    chunk: dict[str, np.ndarray]
    sentences: dict[str, np.ndarray]


class IndexBuilder:
    """Builds ``index/`` from ``corpus/`` with the settings' model and chunker."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or Embedder(settings.embedding_model, settings.embedding_batch_size,
                                             settings.torch_threads)

    def build(self, force: bool = False, show_progress: bool = False) -> BuildReport:
        """Build and publish a new index unless the current one already matches the corpus."""
        started = time.perf_counter()
        documents = load_corpus(self.settings.corpus_dir)
        chunks = self._chunks(documents)
        # Before the up-to-date check: an edit of the curated schemes file alone must still be checked.
        check_catalogue(chunks, self.settings.corpus_dir)
        wanted = fingerprint(self.settings, documents)
        previous = self._previous_build()
        if previous and not force and previous[1].get("fingerprint") == wanted:
            manifest = previous[1]
            return BuildReport("up-to-date", manifest["build_id"], manifest["counts"]["chunks"], 0,
                               manifest["counts"]["chunks"], time.perf_counter() - started)
        reusable = self._reusable_vectors(previous, wanted["model"]) if previous and not force else _Vectors({}, {})
        fresh = [c for c in chunks if c.id not in reusable.chunk]
        self._embed(fresh, reusable, show_progress)
        build_id = self._build_id(wanted, chunks)
        build_dir = new_build_dir(self.settings.index_dir)
        try:
            self._write(build_dir, chunks, reusable)
            publish(build_dir, {"build_id": build_id, "fingerprint": wanted, "built_at": time.time(),
                                "dimension": self.embedder.dimension,
                                "documents": {d.doc_id: d.title for d in documents},
                                "counts": {"chunks": len(chunks), "sentences": sum(len(c.sentences) for c in chunks)}})
        except BaseException:
            shutil.rmtree(build_dir, ignore_errors=True)
            raise
        return BuildReport("built", build_id, len(chunks), len(fresh), len(chunks) - len(fresh),
                           time.perf_counter() - started)

    def _chunks(self, documents: list[Document]) -> list[Chunk]:
        bureaux = BureauDirectory.load(self.settings.corpus_dir / BUREAUX_FILE)
        chunker = Chunker(bureaux, self.settings.chunk_max_chars)
        return [chunk for doc in documents for chunk in chunker.chunk(doc)]

    def _previous_build(self) -> tuple[Path, dict] | None:
        """The current build if it is intact; a corrupt one is ignored and rebuilt from scratch."""
        try:
            build, manifest = read_manifest(self.settings.index_dir)
            verify_files(build, manifest)
        except IndexUnavailable:
            return None
        return build, manifest

    @staticmethod
    def _reusable_vectors(previous: tuple[Path, dict], model: str) -> _Vectors:
        build, manifest = previous
        if manifest["fingerprint"].get("model") != model:
            return _Vectors({}, {})
        old_chunks = read_chunks(build / CHUNKS_FILE)
        vectors = np.load(build / VECTORS_FILE)
        sentence_vectors = np.load(build / SENTENCE_VECTORS_FILE)
        starts = np.cumsum([0] + [len(c.sentences) for c in old_chunks])
        return _Vectors({c.id: vectors[i] for i, c in enumerate(old_chunks)},
                        {c.id: sentence_vectors[starts[i]:starts[i + 1]] for i, c in enumerate(old_chunks)})

    def _embed(self, chunks: list[Chunk], into: _Vectors, show_progress: bool) -> None:
        if not chunks:
            return
        chunk_vectors = self.embedder.encode([c.embedding_text() for c in chunks], show_progress=show_progress)
        sentences = [s for c in chunks for s in c.sentences]
        sentence_vectors = self.embedder.encode(sentences, show_progress=show_progress)
        start = 0
        for chunk, vector in zip(chunks, chunk_vectors, strict=True):
            into.chunk[chunk.id] = vector
            into.sentences[chunk.id] = sentence_vectors[start:start + len(chunk.sentences)]
            start += len(chunk.sentences)

    def _write(self, folder: Path, chunks: list[Chunk], vectors: _Vectors) -> None:
        with (folder / CHUNKS_FILE).open("w", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(json.dumps(chunk.to_json(), ensure_ascii=False) + "\n")
        dimension = self.embedder.dimension
        matrix = np.stack([vectors.chunk[c.id] for c in chunks]).astype(np.float32)
        np.save(folder / VECTORS_FILE, matrix)
        dense = faiss.IndexFlatIP(dimension)
        dense.add(matrix)
        faiss.write_index(dense, str(folder / DENSE_FILE))
        sentence_rows = [vectors.sentences[c.id] for c in chunks]
        np.save(folder / SENTENCE_VECTORS_FILE, np.concatenate(sentence_rows).astype(np.float32))
        LexicalIndex.build([c.embedding_text() for c in chunks]).save(folder / LEXICAL_DIR)

    @staticmethod
    def _build_id(wanted: dict, chunks: list[Chunk]) -> str:
        digest = hashlib.sha256(json.dumps(wanted, sort_keys=True).encode())
        digest.update("".join(c.id for c in chunks).encode())
        # The random tail keeps two builds of the same content in the same second apart.
        return f"{time.strftime('%Y%m%dT%H%M%S')}-{digest.hexdigest()[:10]}-{uuid.uuid4().hex[:6]}"
