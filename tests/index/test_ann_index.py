"""Every dense index kind through the real build, the index store and the retriever.

A hashing embedder stands in for the model so that each kind builds in well under a second; the real model
builds the session's index (``index`` fixture), which must stay flat.
"""

import hashlib

import numpy as np
import pytest

from assistant.config import Settings
from assistant.index import ann
from assistant.index.build import IndexBuilder
from assistant.index.loaded import PolicyIndex
from assistant.index.store import MANIFEST, current_build, write_json
from assistant.retrieval import Filters, Retriever


class HashingEmbedder:
    """Deterministic unit vectors from each text's hash; records the size of every call."""

    dimension = 32

    def __init__(self) -> None:
        self.calls: list[int] = []

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        self.calls.append(len(texts))
        rows = [np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:16], 16)).standard_normal(32)
                for t in texts]
        vectors = np.array(rows, dtype=np.float32).reshape(len(texts), self.dimension)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def settings_for(tmp_path, corpus_copy, kind: str = "auto", batch: int = 64) -> Settings:
    return Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "index", index_kind=kind,
                    embedding_batch_size=batch)


def test_the_real_corpus_stays_on_a_flat_index(index):
    assert index.manifest["dense"] == {"kind": "flat"}
    assert type(index.dense).__name__ == "IndexFlatIP"


@pytest.mark.parametrize("kind", ann.KINDS)
def test_each_kind_builds_loads_and_searches_with_and_without_a_filter(kind, tmp_path, corpus_copy):
    settings = settings_for(tmp_path, corpus_copy, kind)
    embedder = HashingEmbedder()
    IndexBuilder(settings, embedder).build()
    index = PolicyIndex.load(settings)
    assert index.manifest["dense"] == ann.plan(len(index.chunks), kind, embedder.dimension).to_json()
    assert index.dense.ntotal == len(index.chunks)

    retriever = Retriever(index, embedder, settings)
    target = next(c for c in index.chunks if c.bureaux)
    query = embedder.encode([target.embedding_text()])
    found = retriever.search("", k=5, mode="dense", query_vectors=query)
    assert found[0].chunk.id == target.id and found[0].dense_score == pytest.approx(1.0, abs=0.02)
    bureau = target.bureaux[0]
    filtered = retriever.search("", k=5, filters=Filters(bureaux=(bureau,)), mode="dense", query_vectors=query)
    assert filtered[0].chunk.id == target.id and all(bureau in p.chunk.bureaux for p in filtered)


def test_search_parameters_are_restored_from_the_manifest(tmp_path, corpus_copy):
    settings = settings_for(tmp_path, corpus_copy, "hnsw")
    IndexBuilder(settings, HashingEmbedder()).build()
    build = current_build(settings.index_dir)
    manifest = PolicyIndex.load(settings).manifest
    # An operator widening the search in the manifest; FAISS's file still holds the built value.
    write_json(build / MANIFEST, {**manifest, "dense": {**manifest["dense"], "efSearch": 200}})
    assert PolicyIndex.load(settings).dense.hnsw.efSearch == 200


def test_a_new_kind_rebuilds_without_embedding_again(tmp_path, corpus_copy):
    embedder = HashingEmbedder()
    first = IndexBuilder(settings_for(tmp_path, corpus_copy), embedder).build()
    assert IndexBuilder(settings_for(tmp_path, corpus_copy), embedder).build().status == "up-to-date"
    report = IndexBuilder(settings_for(tmp_path, corpus_copy, "hnsw"), embedder).build()
    assert (report.status, report.embedded, report.reused) == ("built", 0, first.chunks)
    assert PolicyIndex.load(settings_for(tmp_path, corpus_copy, "hnsw")).manifest["dense"]["kind"] == "hnsw"


def test_embedding_streams_in_batches_into_the_same_vectors(tmp_path, corpus_copy, capsys):
    embedder = HashingEmbedder()
    settings = settings_for(tmp_path, corpus_copy, batch=4)
    IndexBuilder(settings, embedder).build(show_progress=True)
    index = PolicyIndex.load(settings)
    assert max(embedder.calls) <= 4 * 8 and len(embedder.calls) > 2
    texts = [c.embedding_text() for c in index.chunks]
    sentences = [s for c in index.chunks for s in c.sentences]
    assert np.allclose(index.dense.reconstruct_n(0, len(texts)), HashingEmbedder().encode(texts))
    assert np.allclose(index.sentence_vectors, HashingEmbedder().encode(sentences))
    assert "embedding" in capsys.readouterr().err  # the progress bar


def test_a_rebuild_copies_reused_vectors_and_embeds_the_changed_chunk(tmp_path, corpus_copy):
    embedder = HashingEmbedder()
    settings = settings_for(tmp_path, corpus_copy)
    first = IndexBuilder(settings, embedder).build()
    document = corpus_copy / "industry-development-and-reform.md"
    document.write_text(document.read_text().replace("10-hectare site", "12-hectare site"))
    report = IndexBuilder(settings, embedder).build()
    assert (report.embedded, report.reused) == (1, first.chunks - 1)
    index = PolicyIndex.load(settings)
    sentences = [s for c in index.chunks for s in c.sentences]
    assert np.allclose(index.sentence_vectors, HashingEmbedder().encode(sentences))
    texts = [c.embedding_text() for c in index.chunks]
    assert np.allclose(index.dense.reconstruct_n(0, len(texts)), HashingEmbedder().encode(texts))
