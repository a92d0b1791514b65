"""The dense index: exact flat inner product, HNSW or IVF-PQ, chosen and tuned by corpus size.

An exact search reads every vector, so its time grows with the corpus; past a few tens of thousands of chunks
an approximate index answers in a fraction of a millisecond and still finds almost all of the true top ten.
:func:`plan` picks the kind and its parameters from the number of vectors, :func:`build` makes the FAISS
index, :func:`configure` restores the search-time parameters recorded in the manifest after loading, and
:func:`search` searches with or without a filter for every kind.

>>> spec = plan(68)
>>> spec.kind, spec.to_json()
('flat', {'kind': 'flat'})
>>> plan(100_000).to_json()
{'kind': 'hnsw', 'M': 32, 'efConstruction': 100, 'efSearch': 128}

The thresholds come from ``eval/bench_ann.py`` on a 2-core machine (``eval/PERFORMANCE.md``, "Dense index at
scale"): vectors are unit length and scores are cosines, as :mod:`assistant.index.embedding` produces them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import faiss
import numpy as np

Kind = Literal["flat", "hnsw", "ivfpq"]
KINDS: tuple[Kind, ...] = ("flat", "hnsw", "ivfpq")

#: Below this many vectors the index is exact. One query against a flat index took 0.57 ms at 10,000 vectors,
#: 1.4 ms at 25,000, 3.7 ms at 50,000 and 10.5 ms at 100,000 (one thread), while HNSW answered in 0.08 to
#: 0.12 ms with 0.999 of the true top 10. Flat crosses the 2 ms budget near 35,000 with the matrix warm in the
#: CPU cache; in the service the model shares that cache, hence the margin.
HNSW_FROM = 20_000
#: From this many vectors the index is IVF-PQ. At 100,000 HNSW still finds more of the true top 10 (0.999 at
#: 0.24 ms against 0.987 at 0.15 ms); at 300,000 HNSW finds 0.972 at 0.30 ms and IVF-PQ 0.989 at 0.29 ms, with a
#: quarter of the memory (129 MB against 517) and half the build time (18 s against 36).
IVFPQ_FROM = 200_000
#: HNSW with a filter that leaves at most ``EXACT_FILTER_FACTOR * sqrt(n)`` of its n rows scores those rows
#: exactly instead. A filtered HNSW search must widen efSearch by n / allowed to find as many neighbours, so its
#: cost grows as the filter narrows (18 ms at 1% of 100,000 rows, 818 ms at 0.1%), while the exact score of
#: the allowed rows grows with their number (0.24 ms for 1,000 rows, 8 ms for 10,000): the two cross near
#: 15 * sqrt(n).
EXACT_FILTER_FACTOR = 16

# Rows added to an index at a time, so that a memory-mapped matrix is paged in a block at a time.
_ADD_BLOCK = 65_536
# K-means needs about 39 points per centroid (FAISS warns below that); we train on 64 per IVF list.
_MIN_POINTS_PER_CENTROID = 39
_TRAIN_POINTS_PER_LIST = 64


@dataclass(frozen=True)
class DenseSpec:
    """A dense index kind and its build and search parameters, as the manifest records them."""

    kind: Kind
    params: dict[str, int | str] = field(default_factory=dict)

    def to_json(self) -> dict[str, int | str]:
        """The manifest's ``dense`` entry."""
        return {"kind": self.kind, **self.params}

    @classmethod
    def from_json(cls, data: dict | None) -> DenseSpec:
        """Read a manifest's ``dense`` entry; builds made before it was recorded are flat."""
        if not data:
            return cls("flat")
        params = dict(data)
        kind = params.pop("kind")
        if kind not in KINDS:
            raise ValueError(f"unknown dense index kind {kind!r}")
        return cls(kind, params)


def choose_kind(n: int, requested: str = "auto") -> Kind:
    """The index kind for ``n`` vectors: ``requested`` unless it is ``auto``, else by the thresholds above."""
    if requested != "auto":
        if requested not in KINDS:
            raise ValueError(f"unknown dense index kind {requested!r}; choose auto, {', '.join(KINDS)}")
        return requested  # type: ignore[return-value]
    if n < HNSW_FROM:
        return "flat"
    return "hnsw" if n < IVFPQ_FROM else "ivfpq"


def plan(n: int, requested: str = "auto", dimension: int = 384) -> DenseSpec:
    """The kind and parameters for an index of ``n`` vectors of ``dimension`` floats."""
    kind = choose_kind(n, requested)
    if kind == "hnsw":
        # M=32 links a node to 64 neighbours on the bottom layer: 256 bytes next to 1,536 for the vector. A
        # larger corpus needs a wider search for the same recall (bench_ann.py --sweep, recall@10): efSearch 64
        # finds 0.993 at 100,000 but 0.945 at 300,000, where 128 finds 0.972; at 1,000,000 128 finds 0.960
        # and 256 finds 0.972. efConstruction 200 adds about 0.02 at 1,000,000 for 2.4 times the build time.
        ef_search = 64 if n < 100_000 else 128 if n < 500_000 else 256
        return DenseSpec(kind, {"M": 32, "efConstruction": 100, "efSearch": ef_search})
    if kind == "ivfpq":
        return DenseSpec(kind, _ivfpq_params(n, dimension))
    return DenseSpec(kind)


def _ivfpq_params(n: int, dimension: int) -> dict[str, int | str]:
    # The power of two at most 4 * sqrt(n) lists, each trained on at least 39 points.
    nlist = _power_of_two_at_most(min(4 * math.isqrt(n), max(1, n // _MIN_POINTS_PER_CENTROID)))
    train = min(n, max(_TRAIN_POINTS_PER_LIST * nlist, 256 * _MIN_POINTS_PER_CENTROID))
    # One byte per 8 dimensions; fewer bits per code when there are too few points to train 256 centroids.
    nbits = max(1, min(8, int(math.log2(max(2, train // _MIN_POINTS_PER_CENTROID)))))
    # PQ codes alone rank too coarsely (recall@10 0.56 at 1,000,000 vectors), so the k_factor * k best PQ
    # candidates are re-ranked from 8-bit scalar-quantised vectors: 0.917, 0.973 and 0.984 with k_factor 4, 8
    # and 16; float vectors found 0.984 with 8 but cost HNSW's memory. Recall hardly moves with nprobe past
    # nlist / 128 (0.983 at 4, 0.984 at 16 and 32).
    return {"nlist": nlist, "nprobe": max(8, nlist // 128), "pq_m": _largest_divisor_at_most(dimension, dimension // 8),
            "pq_nbits": nbits, "train_size": train, "refine": "sq8", "k_factor": 16}


def build(matrix: np.ndarray, spec: DenseSpec) -> faiss.Index:
    """A searchable index of ``matrix`` (unit float32 rows; may be memory-mapped), row i with id i."""
    n, dimension = matrix.shape
    index = _empty(dimension, spec)
    if spec.kind == "ivfpq":
        rows = np.random.default_rng(0).choice(n, size=min(n, int(spec.params["train_size"])), replace=False)
        index.train(np.ascontiguousarray(matrix[np.sort(rows)], dtype=np.float32))
    for start in range(0, n, _ADD_BLOCK):
        index.add(np.ascontiguousarray(matrix[start:start + _ADD_BLOCK], dtype=np.float32))
    configure(index, spec)
    return index


def _empty(dimension: int, spec: DenseSpec) -> faiss.Index:
    p = spec.params
    if spec.kind == "flat":
        return faiss.IndexFlatIP(dimension)
    if spec.kind == "hnsw":
        index = faiss.IndexHNSWFlat(dimension, int(p["M"]), faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = int(p["efConstruction"])
        return index
    quantizer = faiss.IndexFlatIP(dimension)
    ivf = faiss.IndexIVFPQ(quantizer, dimension, int(p["nlist"]), int(p["pq_m"]), int(p["pq_nbits"]),
                           faiss.METRIC_INNER_PRODUCT)
    # The sample is sized for the lists already (FAISS would subsample it again); a tiny corpus that forced
    # this kind trains on what there is instead of warning. The PQ keeps its default: at most 256 points
    # per centroid, 65,536 in all.
    ivf.cp.max_points_per_centroid = _TRAIN_POINTS_PER_LIST
    ivf.cp.min_points_per_centroid = ivf.pq.cp.min_points_per_centroid = 1
    refine = (faiss.IndexFlatIP(dimension) if p["refine"] == "flat" else
              faiss.IndexScalarQuantizer(dimension, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT))
    # FAISS's Python layer keeps the parts alive as long as the IndexRefine that holds them.
    return faiss.IndexRefine(ivf, refine)


def configure(index: faiss.Index, spec: DenseSpec) -> None:
    """Set the search-time parameters of ``spec`` on a built or loaded ``index``.

    FAISS 1.15 stores efSearch, nprobe and k_factor in the file, but older versions and hand-made indexes
    need not: the manifest is the record, so loading sets them again. Raises ``ValueError`` when the index
    is not of ``spec``'s kind.
    """
    p = spec.params
    if _kind_of(index) != spec.kind:
        raise ValueError(f"the dense index is {type(index).__name__}, but the manifest says {spec.kind}")
    if spec.kind == "hnsw":
        index.hnsw.efSearch = int(p["efSearch"])
    elif spec.kind == "ivfpq":
        faiss.downcast_index(index.base_index).nprobe = int(p["nprobe"])
        index.k_factor = float(p["k_factor"])


def search(index: faiss.Index, queries: np.ndarray, k: int,
           allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Scores and row ids of the ``k`` best rows for each query, like ``index.search``; -1 pads a short list.

    ``allowed`` (sorted int64 rows) restricts the search. The search widens in proportion to the rows the
    filter removes, so that it finds about as many true neighbours as an unfiltered one; an HNSW index
    scores a small allowed set exactly instead (:data:`EXACT_FILTER_FACTOR`).
    """
    if allowed is None:
        return index.search(queries, k)
    if _kind_of(index) == "hnsw" and len(allowed) <= EXACT_FILTER_FACTOR * math.sqrt(index.ntotal):
        return _exact_subset(index, queries, k, allowed)
    return index.search(queries, k, params=filtered_parameters(index, allowed))


def filtered_parameters(index: faiss.Index, allowed: np.ndarray) -> faiss.SearchParameters:
    """Search parameters that keep only ``allowed`` rows, of the type ``index`` needs.

    HNSW and IVF indexes refuse plain ``SearchParameters``, and their own parameter types default to
    efSearch=16, nprobe=1 and k_factor=1 rather than the index's settings, so every value is copied here.
    """
    # A bitmap of all rows: 0.3 ms to make for 100,000 allowed rows of 1,000,000, where IDSelectorBatch's
    # hash set takes 10 ms.
    mask = np.zeros(index.ntotal, dtype=bool)
    mask[allowed] = True
    selector = faiss.IDSelectorBitmap(np.packbits(mask, bitorder="little"))
    widen = index.ntotal / max(1, len(allowed))
    kind = _kind_of(index)
    if kind == "hnsw":
        # HNSW keeps the efSearch best allowed rows it meets, but meets allowed rows 1/widen as often: with
        # 10% allowed at 300,000 rows, efSearch unchanged found 0.911 of the true top 10, widened by 3 0.986,
        # by 10 0.994 (1.4 ms).
        ef = min(index.ntotal, math.ceil(index.hnsw.efSearch * widen))
        return faiss.SearchParametersHNSW(sel=selector, efSearch=ef)
    if kind == "ivfpq":
        # The probed lists hold allowed rows in proportion, and a list is cheap to scan: nprobe unchanged
        # already found 0.990 with 2% allowed at 300,000 rows; widening by sqrt(n / allowed) found 0.992.
        ivf = faiss.downcast_index(index.base_index)
        nprobe = min(ivf.nlist, math.ceil(ivf.nprobe * math.sqrt(widen)))
        ivf_params = faiss.SearchParametersIVF(sel=selector, nprobe=nprobe)
        return faiss.IndexRefineSearchParameters(k_factor=index.k_factor, base_index_params=ivf_params)
    return faiss.SearchParameters(sel=selector)


def _exact_subset(index: faiss.Index, queries: np.ndarray, k: int,
                  allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    out_scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
    out_rows = np.full((len(queries), k), -1, dtype=np.int64)
    top = min(k, len(allowed))
    if top:
        scores = queries @ index.reconstruct_batch(allowed).T
        candidates = np.argpartition(-scores, top - 1, axis=1)[:, :top]
        order = np.argsort(-np.take_along_axis(scores, candidates, axis=1), axis=1, kind="stable")
        best = np.take_along_axis(candidates, order, axis=1)
        out_scores[:, :top] = np.take_along_axis(scores, best, axis=1)
        out_rows[:, :top] = allowed[best]
    return out_scores, out_rows


def _kind_of(index: faiss.Index) -> Kind | None:
    if isinstance(index, faiss.IndexHNSW):
        return "hnsw"
    if isinstance(index, faiss.IndexRefine) and isinstance(faiss.downcast_index(index.base_index), faiss.IndexIVFPQ):
        return "ivfpq"
    return "flat" if isinstance(index, faiss.IndexFlat) else None


def _power_of_two_at_most(value: int) -> int:
    return 1 << max(0, value.bit_length() - 1)


def _largest_divisor_at_most(value: int, limit: int) -> int:
    return next(d for d in range(max(1, limit), 0, -1) if value % d == 0)
