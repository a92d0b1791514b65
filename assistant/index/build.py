"""Build the index from the corpus, embedding only the chunks that changed since the last build.

>>> report = IndexBuilder(get_settings()).build()     # doctest: +SKIP
>>> report.status, report.embedded, report.reused      # doctest: +SKIP
('built', 3, 56)

An unchanged corpus, model, chunker and dense index kind is a no-op (``status == 'up-to-date'``); a changed
model re-embeds everything; otherwise vectors of chunks whose ids (content hashes) and embedded texts survive
are reused. Vectors stream in batches into memory-mapped files in the new build's folder, so memory stays
bounded however large the corpus, with a progress bar when asked for one (``assistant index`` on a terminal).
The dense index kind and its parameters (:mod:`assistant.index.ann`) go into the manifest.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import faiss
import numpy as np
from numpy.lib.format import open_memmap
from tqdm import tqdm

from assistant.config import Settings
from assistant.index import ann
from assistant.index.embedding import Embedder
from assistant.index.lexical import LexicalIndex
from assistant.index.loaded import (
    BUREAUX_FILE,
    CHUNKS_FILE,
    DENSE_FILE,
    LEXICAL_DIR,
    SENTENCE_VECTORS_FILE,
    VECTORS_FILE,
    fingerprint,
    read_chunks,
)
from assistant.index.store import IndexUnavailable, new_build_dir, publish, read_manifest, verify_files
from assistant.ingest.bureaux import BureauDirectory
from assistant.ingest.chunking import Chunk, Chunker
from assistant.ingest.corpus import read_corpus
from assistant.ingest.documents import Document


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    status: str  # "built" or "up-to-date"
    build_id: str
    chunks: int
    embedded: int
    reused: int
    seconds: float
    #: Lines for the build report: files that could not be loaded, one line each naming the file and why.
    skipped: tuple[str, ...] = ()
    #: Lines the checks report without failing the build (an amount no catalogued measure carries).
    notes: tuple[str, ...] = ()
    #: Distinct sentences embedded (each passage's sentences are vectors too; a repeated one is embedded once).
    sentences_embedded: int = 0


# Texts per call to the embedder, in batches of ``embedding_batch_size``: each call sorts its texts by length,
# so several batches per call pad less, while the vectors of one call stay a few megabytes.
_BATCHES_PER_CALL = 8
# Reused rows copied from the previous build at a time.
_COPY_ROWS = 65_536


@dataclass
class _Previous:
    """The current build's vectors, memory-mapped, and where each of its chunks' rows are."""

    rows: dict[str, tuple[int, int, int]]  # chunk id -> (hash of its embedded texts, chunk row, first sentence row)
    vectors: np.ndarray
    sentence_vectors: np.ndarray
    #: Sentence text -> its row: a changed chunk's unchanged sentences keep their vectors.
    sentence_rows: dict[str, int]

    def rows_of(self, chunk: Chunk) -> tuple[int, int] | None:
        """Chunk row and first sentence row of ``chunk``'s vectors, when it was embedded from the same texts."""
        texts, row, sentence_row = self.rows.get(chunk.id, (None, 0, 0))
        return (row, sentence_row) if texts == _embedded_hash(chunk) else None


def _embedded_hash(chunk: Chunk) -> int:
    # A chunker change can keep a chunk's id (document, headings, text) but split or prefix it differently:
    # then its vectors are stale. Python's hash is per process, which is all a build needs.
    return hash((chunk.embedding_text(), chunk.sentences))


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


#: A check of a build's chunks before it is published: raises, with a message naming what is wrong, to stop it,
#: or returns lines for the build report (what it noticed but does not stop a build for).
#: It gets the chunks and the corpus folder (where a feature keeps its curated files).
Check = Callable[[Sequence[Chunk], Path], Sequence[str] | None]


class IndexBuilder:
    """Builds ``index/`` from ``corpus/`` with the settings' model and chunker.

    ``checks`` run on every build's chunks, before the up-to-date test (an edit of a feature's curated file
    alone must still be checked) and before anything is written; the caller names them (the composition
    root's :func:`assistant.service.index_builder` adds the scheme catalogue's).
    """

    def __init__(self, settings: Settings, embedder: Embedder | None = None, checks: Sequence[Check] = ()) -> None:
        self.settings = settings
        self.embedder = embedder or Embedder.from_settings(settings)
        self.checks = list(checks)

    def build(self, force: bool = False, show_progress: bool = False) -> BuildReport:
        """Build and publish a new index unless the current one already matches the corpus."""
        started = time.perf_counter()
        loaded = read_corpus(self.settings.corpus_dir, show_progress)
        documents, skipped = loaded.documents, tuple(loaded.skipped)
        chunks = self._chunks(documents)
        notes = tuple(line for check in self.checks for line in check(chunks, self.settings.corpus_dir) or ())
        wanted = fingerprint(self.settings, documents)
        kind = ann.choose_kind(len(chunks), self.settings.index_kind)
        previous = self._previous_build()
        if (previous and not force and previous[1].get("fingerprint") == wanted
                and ann.DenseSpec.from_json(previous[1].get("dense")).kind == kind):
            manifest = previous[1]
            return BuildReport("up-to-date", manifest["build_id"], manifest["counts"]["chunks"], 0,
                               manifest["counts"]["chunks"], time.perf_counter() - started, skipped, notes)
        reusable = self._reusable_vectors(previous, wanted["model"]) if previous and not force else None
        build_id = self._build_id(wanted, chunks)
        build_dir = new_build_dir(self.settings.index_dir)
        try:
            embedded, sentences_embedded, dimension = self._embed(build_dir, chunks, reusable, show_progress)
            spec = self._write(build_dir, chunks)
            publish(build_dir, {"build_id": build_id, "fingerprint": wanted, "built_at": time.time(),
                                "dimension": dimension, "dense": spec.to_json(),
                                "documents": {d.doc_id: d.title for d in documents},
                                "counts": {"chunks": len(chunks), "sentences": sum(len(c.sentences) for c in chunks)}})
        except BaseException:
            shutil.rmtree(build_dir, ignore_errors=True)
            raise
        return BuildReport("built", build_id, len(chunks), embedded, len(chunks) - embedded,
                           time.perf_counter() - started, skipped, notes, sentences_embedded)

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
    def _reusable_vectors(previous: tuple[Path, dict], model: str) -> _Previous | None:
        build, manifest = previous
        if manifest["fingerprint"].get("model") != model:
            return None
        rows, sentence_rows, sentence_row = {}, {}, 0
        for row, chunk in enumerate(read_chunks(build / CHUNKS_FILE)):
            rows[chunk.id] = (_embedded_hash(chunk), row, sentence_row)
            for offset, sentence in enumerate(chunk.sentences):
                sentence_rows.setdefault(sentence, sentence_row + offset)
            sentence_row += len(chunk.sentences)
        return _Previous(rows, np.load(build / VECTORS_FILE, mmap_mode="r"),
                         np.load(build / SENTENCE_VECTORS_FILE, mmap_mode="r"), sentence_rows)

    def _embed(self, folder: Path, chunks: list[Chunk], previous: _Previous | None,
               show_progress: bool) -> tuple[int, int, int]:
        """Write the chunk and sentence vectors into ``folder``: reused rows copied, the rest embedded.

        A sentence is embedded once however many passages carry it (a press release's closing lines, a
        document republished with a few figures changed), and not at all where the previous build has it.
        Returns how many chunks and distinct sentences were embedded, and the vectors' dimension.
        """
        dimension = previous.vectors.shape[1] if previous else self.embedder.dimension
        starts = np.cumsum([0] + [len(c.sentences) for c in chunks], dtype=np.int64)
        vectors = open_memmap(folder / VECTORS_FILE, mode="w+", dtype=np.float32, shape=(len(chunks), dimension))
        sentence_vectors = open_memmap(folder / SENTENCE_VECTORS_FILE, mode="w+", dtype=np.float32,
                                       shape=(int(starts[-1]), dimension))
        reused = self._copy_reused(chunks, starts, previous, vectors, sentence_vectors) if previous else set()
        fresh = [i for i in range(len(chunks)) if i not in reused]
        wanted: dict[str, list[int]] = {}  # sentence text -> the rows that need its vector
        for i in fresh:
            for offset, sentence in enumerate(chunks[i].sentences):
                wanted.setdefault(sentence, []).append(int(starts[i]) + offset)
        known = [text for text in wanted if text in previous.sentence_rows] if previous else []
        for texts in _batches(known, _COPY_ROWS):
            rows = [previous.sentence_rows[text] for text in texts]
            _fill(sentence_vectors, wanted, texts, previous.sentence_vectors[rows])
        for text in known:
            del wanted[text]
        call = self.settings.embedding_batch_size * _BATCHES_PER_CALL
        with tqdm(total=len(fresh) + len(wanted), unit="text", desc="embedding", disable=not show_progress) as progress:
            for block in _batches(fresh, call):
                vectors[block] = self.embedder.encode([chunks[i].embedding_text() for i in block])
                progress.update(len(block))
            for texts in _batches(wanted, call):
                _fill(sentence_vectors, wanted, texts, self.embedder.encode(texts))
                progress.update(len(texts))
        vectors.flush()
        sentence_vectors.flush()
        return len(fresh), len(wanted), dimension

    @staticmethod
    def _copy_reused(chunks: list[Chunk], starts: np.ndarray, previous: _Previous, vectors: np.ndarray,
                     sentence_vectors: np.ndarray) -> set[int]:
        """Copy the previous build's rows of unchanged chunks, a block at a time; return their positions.

        ``starts[i]`` is the first sentence row of ``chunks[i]``.
        """
        counts = np.diff(starts)
        found = ((i, previous.rows_of(c)) for i, c in enumerate(chunks))
        reused: set[int] = set()
        for block in _batches(((i, rows) for i, rows in found if rows is not None), _COPY_ROWS):
            new, old = np.array([i for i, _ in block]), np.array([rows for _, rows in block])
            vectors[new] = previous.vectors[old[:, 0]]
            sentence_vectors[_spans(starts[new], counts[new])] = previous.sentence_vectors[
                _spans(old[:, 1], counts[new])]
            reused.update(new.tolist())
        return reused

    def _write(self, folder: Path, chunks: list[Chunk]) -> ann.DenseSpec:
        """Write the chunks, the dense index over ``vectors.npy`` and BM25; return the dense index's spec."""
        with (folder / CHUNKS_FILE).open("w", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(json.dumps(chunk.to_json(), ensure_ascii=False) + "\n")
        matrix = np.load(folder / VECTORS_FILE, mmap_mode="r")
        spec = ann.plan(len(chunks), self.settings.index_kind, matrix.shape[1])
        faiss.write_index(ann.build(matrix, spec), str(folder / DENSE_FILE))
        LexicalIndex.build([c.lexical_text() for c in chunks]).save(folder / LEXICAL_DIR)
        return spec

    @staticmethod
    def _build_id(wanted: dict, chunks: list[Chunk]) -> str:
        digest = hashlib.sha256(json.dumps(wanted, sort_keys=True).encode())
        digest.update("".join(c.id for c in chunks).encode())
        # The random tail keeps two builds of the same content in the same second apart.
        return f"{time.strftime('%Y%m%dT%H%M%S')}-{digest.hexdigest()[:10]}-{uuid.uuid4().hex[:6]}"


def _fill(sentence_vectors: np.ndarray, rows: dict[str, list[int]], texts: list[str], encoded: np.ndarray) -> None:
    """Write ``encoded[k]``, the vector of ``texts[k]``, into every row that needs that text."""
    counts = [len(rows[text]) for text in texts]
    sentence_vectors[np.concatenate([rows[text] for text in texts])] = np.repeat(encoded, counts, axis=0)


def _spans(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The rows ``starts[i] .. starts[i] + counts[i] - 1`` for every i, concatenated."""
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(starts, counts) + offsets
