"""Dense index at scale: flat, HNSW and IVF-PQ on synthetic corpora that look like sentence embeddings.

    .venv/bin/python eval/bench_ann.py                                   # 10k, 100k and 1M; every kind
    .venv/bin/python eval/bench_ann.py --sizes 10k --kinds flat,hnsw     # a quick run
    .venv/bin/python eval/bench_ann.py --sizes 100k --kinds hnsw --sweep --param efConstruction=200

For each size a corpus and 1,000 held-out queries are drawn from the same mixture and the exact top 10 of
each query is computed once. Each kind is then built and measured in a fresh process (so that its peak RSS
is its own) with the parameters :func:`assistant.index.ann.plan` chooses for that size: build time (all cores),
index bytes (as FAISS writes them), peak RSS, search latency one query at a time on one thread (as the
service searches), recall@10 against the exact top 10, and the same with a filter that allows a random 10%
of the rows. ``--sweep`` adds rows for other search-time settings of the same built index.

How the vectors are made, and why: sentence embeddings are not uniform noise on the sphere. They share a
common direction (all-MiniLM-L6-v2 vectors of this project's corpus and questions have a mean of norm 0.42
and a mean pairwise cosine of 0.17), fall into topics and sub-topics, and vary within a topic along a few
directions only (local intrinsic dimension about 12 for those vectors, Levina-Bickel estimate over 10
neighbours). So each vector is ``normalise(centre + spread * (z @ basis) + noise)``: one of ``4 * sqrt(n)``
centres (4,000 at 1M), each drawn around one of 64 topics and the common direction, with cluster sizes
log-normal; ``z`` a Gaussian in a 32-dimension subspace of its own per centre; and a small isotropic
Gaussian in all 384 dimensions. The result has a mean of norm 0.33, a mean pairwise cosine of 0.11 and a
local intrinsic dimension of 14 (a sample of 277, as for the real vectors) to 23 (the queries' neighbourhoods
at 100k): a little harder for an approximate index than the real vectors, which is the safe side. Uniform
noise would have no neighbours to find (every point nearly equidistant), which no real corpus looks like.
The 277 real vectors are the corpus's sentences and the golden suites' questions.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import faiss
import numpy as np

from assistant.index import ann

DIMENSION = 384
K = 10
TOPICS = 64
LOCAL_DIMS = 32
SPREAD = 0.6
NOISE = 0.3
FILTER_FRACTION = 0.1
# OpenMP threads that spin while they wait made PQ training 4x slower whenever another process held a core
# of this 2-core machine; sleeping threads give the same times on an idle machine and stable ones on a busy one.
CHILD_ENV = {**os.environ, "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "PASSIVE")}


def _unit(a: np.ndarray) -> np.ndarray:
    return (a / np.linalg.norm(a, axis=-1, keepdims=True)).astype(np.float32)


def mixture(n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centres, per-centre subspace bases and cluster weights for a corpus of ``n`` vectors."""
    rng = np.random.default_rng(seed)
    centres = max(8, 4 * math.isqrt(n))
    mean = _unit(rng.standard_normal(DIMENSION))
    topics = _unit(rng.standard_normal((TOPICS, DIMENSION)))
    topic_of = rng.integers(0, TOPICS, centres)
    centre = _unit(0.5 * mean + 0.8 * topics[topic_of] + 0.9 * _unit(rng.standard_normal((centres, DIMENSION))))
    bases = _unit(rng.standard_normal((centres, LOCAL_DIMS, DIMENSION), dtype=np.float32))
    weights = rng.lognormal(0.0, 1.0, centres)
    return centre, bases, weights / weights.sum()


def draw(mix: tuple[np.ndarray, np.ndarray, np.ndarray], n: int, seed: int) -> np.ndarray:
    """``n`` unit vectors from ``mix``: a centre, a spread in its own subspace, a little isotropic noise."""
    centre, bases, weights = mix
    rng = np.random.default_rng(seed)
    labels = rng.choice(len(centre), size=n, p=weights)
    order = np.argsort(labels, kind="stable")
    out = np.empty((n, DIMENSION), dtype=np.float32)
    start = 0
    for j, count in enumerate(np.bincount(labels, minlength=len(centre))):
        if count:
            z = rng.standard_normal((count, LOCAL_DIMS), dtype=np.float32) * (SPREAD / math.sqrt(LOCAL_DIMS))
            noise = rng.standard_normal((count, DIMENSION), dtype=np.float32) * (NOISE / math.sqrt(DIMENSION))
            out[order[start:start + count]] = centre[j] + z @ bases[j] + noise
            start += count
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def prepare(n: int, queries: int, folder: Path) -> dict:
    """Write corpus, queries, the filter and exact top-10s (unfiltered and filtered) under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / "truth.npy").exists():
        return json.loads((folder / "stats.json").read_text())
    started = time.perf_counter()
    mix = mixture(n)
    np.save(folder / "corpus.npy", draw(mix, n, seed=2))
    query_vectors = draw(mix, queries, seed=3)
    np.save(folder / "queries.npy", query_vectors)
    corpus = np.load(folder / "corpus.npy", mmap_mode="r")
    scores, truth = faiss.knn(query_vectors, corpus, K, metric=faiss.METRIC_INNER_PRODUCT)
    allowed = np.sort(np.random.default_rng(4).choice(n, size=max(K, int(n * FILTER_FRACTION)), replace=False))
    _, subset_rows = faiss.knn(query_vectors, np.ascontiguousarray(corpus[allowed]), K,
                               metric=faiss.METRIC_INNER_PRODUCT)
    np.save(folder / "truth.npy", truth)
    np.save(folder / "allowed.npy", allowed)
    np.save(folder / "filtered_truth.npy", allowed[subset_rows])
    stats = {"generate_s": round(time.perf_counter() - started, 1),
             "top1_cos": round(float(np.median(scores[:, 0])), 3),
             "top10_cos": round(float(np.median(scores[:, -1])), 3)}
    (folder / "stats.json").write_text(json.dumps(stats))
    return stats


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    """Mean share of each query's true top ``K`` among the rows found."""
    return float(np.mean([len(set(f[:K]) & set(t)) / K for f, t in zip(found, truth, strict=True)]))


def latencies(search: Callable[[np.ndarray], object], queries: np.ndarray) -> np.ndarray:
    """Milliseconds of ``search`` for each query alone, after a short warm-up."""
    for query in queries[:10]:
        search(query[None, :])
    times = []
    for query in queries:
        started = time.perf_counter()
        search(query[None, :])
        times.append(time.perf_counter() - started)
    return np.array(times) * 1e3


def measure(folder: Path, kind: str, overrides: dict, timed: int, sweep: bool) -> list[dict]:
    """Build ``kind`` over the corpus in ``folder`` and measure it; one row, plus sweep rows."""
    corpus = np.load(folder / "corpus.npy", mmap_mode="r")
    queries = np.load(folder / "queries.npy")
    truth, allowed = np.load(folder / "truth.npy"), np.load(folder / "allowed.npy")
    filtered_truth = np.load(folder / "filtered_truth.npy")
    spec = ann.plan(len(corpus), kind, DIMENSION)
    spec = replace(spec, params={**spec.params, **overrides})
    started = time.perf_counter()
    index = ann.build(corpus, spec)
    build_s = time.perf_counter() - started
    faiss.write_index(index, str(folder / "index.faiss"))
    size = (folder / "index.faiss").stat().st_size
    (folder / "index.faiss").unlink()
    faiss.omp_set_num_threads(1)

    def row(label: str, filtered: bool) -> dict:
        _, found = ann.search(index, queries, K)
        times = latencies(lambda q: ann.search(index, q, K), queries[:timed])
        result = {"params": label, "p50_ms": float(np.median(times)), "p95_ms": float(np.percentile(times, 95)),
                  "recall": recall(found, truth)}
        if filtered:
            _, found = ann.search(index, queries, K, allowed)
            times = latencies(lambda q: ann.search(index, q, K, allowed), queries[:max(20, timed // 5)])
            result |= {"filtered_p50_ms": float(np.median(times)), "filtered_recall": recall(found, filtered_truth)}
        return result

    rows = [{"kind": kind, "build_s": build_s, "index_mb": size / 2**20,
             **row(_describe(spec.params), filtered=True)}]
    for label, setting in _sweep(index, spec) if sweep else ():
        setting()
        rows.append({"kind": kind, **row(label, filtered=False)})
    ann.configure(index, spec)
    return [{**r, "peak_rss_mb": peak_rss_mb()} for r in rows]


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM, which unlike ru_maxrss starts afresh at exec."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _sweep(index: faiss.Index, spec: ann.DenseSpec) -> Iterator[tuple[str, Callable[[], None]]]:
    """Other search-time settings of the same index: (label, function that applies it)."""
    p = spec.params
    if spec.kind == "hnsw":
        for ef in (16, 32, 64, 128, 256):
            if ef != p["efSearch"]:
                yield f"efSearch={ef}", lambda ef=ef: setattr(index.hnsw, "efSearch", ef)
    elif spec.kind == "ivfpq":
        ivf = faiss.downcast_index(index.base_index)
        nprobe, k_factor = int(p["nprobe"]), int(p["k_factor"])
        settings = [(n, k_factor) for n in (nprobe // 4, nprobe // 2, nprobe * 2) if n >= 1]
        settings += [(nprobe, k) for k in (1, 2, 4, 16, 32) if k != k_factor]
        for n, k in settings:
            def apply(n: int = n, k: int = k) -> None:
                ivf.nprobe, index.k_factor = n, float(k)
            yield f"nprobe={n} k_factor={k}", apply


def _describe(params: dict) -> str:
    return " ".join(f"{k}={v}" for k, v in params.items() if k != "train_size") or "exact"


def _size(text: str) -> int:
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1].lower(), 1)
    return int(float(text.rstrip("kKmM")) * scale)


def _override(text: str) -> tuple[str, int | str]:
    key, _, value = text.partition("=")
    return key, int(value) if value.lstrip("-").isdigit() else value


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for the sizes and kinds asked for; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="corpus sizes, comma-separated (10k, 1M, 25000)")
    parser.add_argument("--kinds", default=",".join(ann.KINDS), help="index kinds, comma-separated")
    parser.add_argument("--queries", type=int, default=1000, help="held-out queries for recall")
    parser.add_argument("--timed", type=int, default=300, help="queries timed one at a time for the latency")
    parser.add_argument("--sweep", action="store_true", help="also other search-time settings of each index")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                        help="override a parameter of the planned index (efSearch=128, refine=flat, ...)")
    parser.add_argument("--data", type=Path, help="keep generated corpora here and reuse them (default: temporary)")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    parser.add_argument("--child", nargs=2, metavar=("FOLDER", "KIND"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    overrides = dict(_override(p) for p in args.param)
    if args.child:
        print(json.dumps(measure(Path(args.child[0]), args.child[1], overrides, args.timed, args.sweep)))
        return 0
    data = args.data or Path(tempfile.mkdtemp(prefix="bench_ann-"))
    rows = []
    try:
        for n in map(_size, args.sizes.split(",")):
            folder = data / f"n{n}-q{args.queries}"
            stats = prepare(n, args.queries, folder)
            print(f"# {n:,} vectors: data in {stats['generate_s']} s; queries' median top-1 cosine "
                  f"{stats['top1_cos']}, top-10 {stats['top10_cos']}", file=sys.stderr, flush=True)
            for kind in args.kinds.split(","):
                child = [sys.executable, __file__, "--child", str(folder), kind, "--timed", str(args.timed),
                         *(["--sweep"] if args.sweep else []), *(f"--param={p}" for p in args.param)]
                result = subprocess.run(child, capture_output=True, text=True, check=True, env=CHILD_ENV)
                for row in json.loads(result.stdout.splitlines()[-1]):
                    rows.append({"n": n, **row})
                    print(_line(rows[-1]), file=sys.stderr, flush=True)
    finally:
        if not args.data:
            shutil.rmtree(data, ignore_errors=True)
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


def _line(row: dict) -> str:
    return "  " + ", ".join(f"{k}={round(v, 4) if isinstance(v, float) else v}" for k, v in row.items())


def table(rows: list[dict]) -> str:
    """The rows as a Markdown table; sweep rows leave build, memory and filter columns empty."""
    head = ("| vectors | kind | parameters | build s | index MB | peak RSS MB | p50 ms | p95 ms | recall@10 "
            "| filtered p50 ms | filtered recall@10 |\n" + "|---" * 11 + "|")

    def cell(row: dict, key: str, digits: int) -> str:
        return f"{row[key]:,.{digits}f}" if key in row else ""

    lines = [f"| {r['n']:,} | {r['kind']} | {r['params']} | {cell(r, 'build_s', 1)} | {cell(r, 'index_mb', 0)} "
             f"| {cell(r, 'peak_rss_mb', 0) if 'build_s' in r else ''} | {r['p50_ms']:.3f} | {r['p95_ms']:.3f} "
             f"| {r['recall']:.3f} | {cell(r, 'filtered_p50_ms', 3)} | {cell(r, 'filtered_recall', 3)} |"
             for r in rows]
    return "\n".join([head, *lines])


if __name__ == "__main__":
    raise SystemExit(main())
