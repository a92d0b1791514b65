"""The dense index kinds on small clustered data: real FAISS, exact top 10 as the reference."""

import faiss
import numpy as np
import pytest

from assistant.index import ann

DIMENSION = 64
ROWS = 3000


def clustered(n: int, seed: int) -> np.ndarray:
    """Unit vectors around 30 centres: neighbours to find, as sentence embeddings have."""
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(0).standard_normal((30, DIMENSION))
    points = centres[rng.integers(0, 30, n)] + 0.6 * rng.standard_normal((n, DIMENSION))
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def corpus() -> np.ndarray:
    return clustered(ROWS, seed=1)


@pytest.fixture(scope="module")
def queries() -> np.ndarray:
    return clustered(50, seed=2)


@pytest.fixture(scope="module")
def indexes(corpus) -> dict[str, faiss.Index]:
    return {kind: ann.build(corpus, ann.plan(ROWS, kind, DIMENSION)) for kind in ann.KINDS}


def exact(corpus: np.ndarray, queries: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    rows = np.arange(len(corpus)) if rows is None else rows
    return rows[np.argsort(-(queries @ corpus[rows].T), axis=1)[:, :10]]


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth, strict=True)]))


def test_auto_choice_follows_the_thresholds():
    assert ann.choose_kind(68) == ann.choose_kind(ann.HNSW_FROM - 1) == "flat"
    assert ann.choose_kind(ann.HNSW_FROM) == ann.choose_kind(ann.IVFPQ_FROM - 1) == "hnsw"
    assert ann.choose_kind(ann.IVFPQ_FROM) == ann.choose_kind(10 * ann.IVFPQ_FROM) == "ivfpq"
    assert ann.choose_kind(68, "ivfpq") == "ivfpq" and ann.choose_kind(10**7, "flat") == "flat"
    with pytest.raises(ValueError, match="unknown dense index kind"):
        ann.choose_kind(68, "lsh")


def test_parameters_grow_with_the_corpus():
    assert ann.plan(50_000).params["efSearch"] < ann.plan(300_000, "hnsw").params["efSearch"]
    small, large = ann.plan(3000, "ivfpq", DIMENSION).params, ann.plan(2_000_000).params
    assert (small["nlist"], small["pq_nbits"]) == (64, 6)  # enough points to train each centroid
    assert (large["nlist"], large["nprobe"], large["pq_m"], large["pq_nbits"]) == (4096, 32, 48, 8)


@pytest.mark.parametrize("kind", ann.KINDS)
def test_each_kind_finds_the_true_neighbours(kind, indexes, corpus, queries):
    _, found = ann.search(indexes[kind], queries, 10)
    assert recall(found, exact(corpus, queries)) >= (1.0 if kind == "flat" else 0.95)


@pytest.mark.parametrize("kind", ann.KINDS)
@pytest.mark.parametrize("share", [3, 100], ids=["wide filter", "narrow filter"])
def test_a_filter_keeps_only_allowed_rows_and_their_true_neighbours(kind, share, indexes, corpus, queries):
    allowed = np.arange(0, ROWS, share, dtype=np.int64)
    scores, found = ann.search(indexes[kind], queries, 10, allowed)
    assert set(found.ravel()) <= set(allowed)
    assert recall(found, exact(corpus, queries, allowed)) >= 0.95
    assert np.all(np.diff(scores, axis=1) <= 1e-6)  # best first


@pytest.mark.parametrize("kind", ann.KINDS)
def test_a_filter_that_allows_everything_searches_as_widely_as_no_filter(kind, indexes, queries):
    # FAISS's parameter objects default to efSearch=16, nprobe=1 and k_factor=1: copied wrongly, a filtered
    # search would quietly be much narrower than an unfiltered one.
    _, unfiltered = ann.search(indexes[kind], queries, 10)
    _, filtered = ann.search(indexes[kind], queries, 10, np.arange(ROWS, dtype=np.int64))
    assert np.array_equal(filtered, unfiltered)


def test_an_empty_or_tiny_filter_pads_with_minus_one(indexes, queries):
    _, found = ann.search(indexes["hnsw"], queries[:2], 10, np.array([5, 7], dtype=np.int64))
    assert set(found[:, :2].ravel()) == {5, 7} and np.all(found[:, 2:] == -1)
    _, found = ann.search(indexes["hnsw"], queries[:2], 10, np.array([], dtype=np.int64))
    assert np.all(found == -1)


@pytest.mark.parametrize("kind", ["hnsw", "ivfpq"])
def test_search_parameters_come_back_from_the_spec_after_loading(kind, indexes, tmp_path):
    path = str(tmp_path / "dense.faiss")
    faiss.write_index(indexes[kind], path)
    spec = ann.plan(ROWS, kind, DIMENSION)
    wider = ann.DenseSpec(kind, {**spec.params, "efSearch": 99, "nprobe": 9, "k_factor": 3})
    loaded = faiss.read_index(path)
    ann.configure(loaded, wider)
    if kind == "hnsw":
        assert loaded.hnsw.efSearch == 99
    else:
        assert (faiss.downcast_index(loaded.base_index).nprobe, loaded.k_factor) == (9, 3)
    with pytest.raises(ValueError, match="manifest says flat"):
        ann.configure(loaded, ann.DenseSpec("flat"))


def test_spec_round_trips_through_the_manifest():
    spec = ann.plan(2_000_000)
    assert ann.DenseSpec.from_json(spec.to_json()) == spec
    assert ann.DenseSpec.from_json(None) == ann.DenseSpec("flat")  # builds from before the kind was recorded


def test_a_tiny_corpus_may_force_ivfpq(corpus, queries):
    index = ann.build(corpus[:68], ann.plan(68, "ivfpq", DIMENSION))
    _, found = ann.search(index, queries, 10)
    assert recall(found, exact(corpus[:68], queries)) >= 0.9
