"""The built index as the service uses it: chunks, dense vectors in FAISS, BM25, sentence vectors.

:meth:`PolicyIndex.load` refuses an index that is missing, corrupt or stale (built from another corpus,
model or chunker) with an :class:`IndexUnavailable` whose message says what to run; it never re-embeds. The
dense index may be flat, HNSW or IVF-PQ (:mod:`assistant.index.ann`); its search parameters come from the manifest.

>>> index = PolicyIndex.load(get_settings())     # doctest: +SKIP
>>> index.chunks[0].section_path                  # doctest: +SKIP
'Industry Development and Reform > Background'
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from assistant.config import Settings
from assistant.index import ann
from assistant.index.lexical import LexicalIndex
from assistant.index.store import IndexUnavailable, read_manifest, verify_files
from assistant.ingest.bureaux import BureauDirectory
from assistant.ingest.chunking import CHUNKER_VERSION, Chunk
from assistant.ingest.corpus import load_corpus
from assistant.ingest.documents import CorpusError, Document, corpus_hash

BUREAUX_FILE = "bureaux.yaml"
CHUNKS_FILE = "chunks.jsonl"
VECTORS_FILE = "vectors.npy"
DENSE_FILE = "dense.faiss"
SENTENCE_VECTORS_FILE = "sentence_vectors.npy"
LEXICAL_DIR = "bm25"


def fingerprint(settings: Settings, documents: list[Document] | None = None) -> dict:
    """What an index was built from: corpus content, bureau names, model and chunker.

    Two builds with the same fingerprint are the same index, so a rebuild with an unchanged fingerprint
    does nothing, and a served index whose fingerprint differs from the settings' is stale.
    """
    if documents is None:
        try:
            documents = load_corpus(settings.corpus_dir)
        except CorpusError as exc:
            raise IndexUnavailable(f"cannot read the corpus: {exc}") from exc
    bureaux_path = settings.corpus_dir / BUREAUX_FILE
    bureaux_hash = hashlib.sha256(bureaux_path.read_bytes()).hexdigest() if bureaux_path.exists() else ""
    return {"corpus_hash": corpus_hash(documents), "bureaux_hash": bureaux_hash,
            "model": settings.embedding_model, "chunker_version": CHUNKER_VERSION,
            "chunk_max_chars": settings.chunk_max_chars}


def read_chunks(path: Path) -> list[Chunk]:
    """Chunks from a ``chunks.jsonl`` file, one JSON object per line."""
    with path.open(encoding="utf-8") as handle:
        return [Chunk.from_json(json.loads(line)) for line in handle if line.strip()]


@dataclass
class PolicyIndex:
    """Everything retrieval and answering read, loaded once per process."""

    manifest: dict
    chunks: list[Chunk]
    dense: faiss.Index
    lexical: LexicalIndex
    sentence_vectors: np.ndarray
    sentence_starts: np.ndarray
    bureaux: BureauDirectory

    @property
    def version(self) -> str:
        """Identifies this build; caches key on it so a new index never serves old answers."""
        return str(self.manifest["build_id"])

    def sentence_rows(self, chunk_position: int) -> range:
        """Rows of :attr:`sentence_vectors` that belong to the chunk at ``chunk_position``."""
        return range(int(self.sentence_starts[chunk_position]), int(self.sentence_starts[chunk_position + 1]))

    @classmethod
    def load(cls, settings: Settings, check_stale: bool = True) -> PolicyIndex:
        """Load and verify the current build; raise :class:`IndexUnavailable` with advice when unusable."""
        build, manifest = read_manifest(settings.index_dir)
        if check_stale:
            expected = fingerprint(settings)
            changed = sorted(k for k, v in expected.items() if manifest.get("fingerprint", {}).get(k) != v)
            if changed:
                raise IndexUnavailable(f"index in {build} is stale ({', '.join(changed)} changed since it was "
                                       "built): run `assistant index` to update it")
        verify_files(build, manifest)
        try:
            chunks = read_chunks(build / CHUNKS_FILE)
            dense = faiss.read_index(str(build / DENSE_FILE))
            ann.configure(dense, ann.DenseSpec.from_json(manifest.get("dense")))
            lexical = LexicalIndex.load(build / LEXICAL_DIR)
            # Memory-mapped: at a million chunks the sentence vectors are gigabytes, read only where answered.
            sentence_vectors = np.load(build / SENTENCE_VECTORS_FILE, mmap_mode="r")
        except (OSError, ValueError, RuntimeError, KeyError, TypeError) as exc:
            raise IndexUnavailable(f"index in {build} cannot be read ({exc}): run `assistant index`") from exc
        if dense.ntotal != len(chunks) or len(sentence_vectors) != sum(len(c.sentences) for c in chunks):
            raise IndexUnavailable(f"index in {build} is inconsistent: run `assistant index` to rebuild it")
        starts = np.cumsum([0] + [len(c.sentences) for c in chunks])
        bureaux = BureauDirectory.load(settings.corpus_dir / BUREAUX_FILE)
        return cls(manifest, chunks, dense, lexical, sentence_vectors, starts, bureaux)
