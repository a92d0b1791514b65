"""The retrieval metrics agree with trec_eval (through pytrec_eval) on randomly generated runs.

trec_eval ranks a run by score, so each random ranking is given strictly decreasing scores; its
``recip_rank`` has no cut-off, so MRR@k is compared on the run cut to its top k.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
import pytrec_eval

from assistant.evaluation.metrics import hit_at_k, mrr_at_k, ndcg_at_k, percentile, precision_at_k, recall_at_k

CUTOFFS = (1, 3, 5, 10)


def random_runs(seed: int, queries: int = 200) -> tuple[dict, dict]:
    """Qrels and a run over a pool of 40 documents: 1 to 6 relevant per query, 0 to 25 retrieved."""
    rng = random.Random(seed)
    pool = [f"d{i}" for i in range(40)]
    qrels, run = {}, {}
    for q in range(queries):
        qrels[f"q{q}"] = dict.fromkeys(rng.sample(pool, rng.randint(1, 6)), 1)
        ranked = rng.sample(pool, rng.randint(0, 25))
        run[f"q{q}"] = {doc: float(len(ranked) - rank) for rank, doc in enumerate(ranked)}
    return qrels, run


def ranking(scores: dict[str, float]) -> list[str]:
    return sorted(scores, key=lambda doc: -scores[doc])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_metrics_agree_with_trec_eval(seed: int):
    qrels, run = random_runs(seed)
    measures = {f"{m}.{','.join(map(str, CUTOFFS))}" for m in ("success", "P", "recall", "ndcg_cut")}
    reference = pytrec_eval.RelevanceEvaluator(qrels, measures).evaluate(run)
    for query, scores in run.items():
        ranked, relevant = ranking(scores), set(qrels[query])
        for k in CUTOFFS:
            expected = reference.get(query, {})
            assert hit_at_k(ranked, relevant, k) == pytest.approx(expected.get(f"success_{k}", 0.0))
            assert precision_at_k(ranked, relevant, k) == pytest.approx(expected.get(f"P_{k}", 0.0))
            assert recall_at_k(ranked, relevant, k) == pytest.approx(expected.get(f"recall_{k}", 0.0))
            assert ndcg_at_k(ranked, relevant, k) == pytest.approx(expected.get(f"ndcg_cut_{k}", 0.0))


@pytest.mark.parametrize("k", CUTOFFS)
def test_mrr_agrees_with_trec_eval_on_runs_cut_at_k(k: int):
    qrels, run = random_runs(seed=10 + k)
    cut = {q: {doc: scores[doc] for doc in ranking(scores)[:k]} for q, scores in run.items()}
    reference = pytrec_eval.RelevanceEvaluator(qrels, {"recip_rank"}).evaluate(cut)
    ours = [mrr_at_k(ranking(run[q]), set(qrels[q]), k) for q in run]
    theirs = [reference.get(q, {}).get("recip_rank", 0.0) for q in run]
    assert ours == pytest.approx(theirs)
    assert 0 < sum(ours) < len(ours)  # the random runs hold both hits and misses


def test_percentile_matches_numpy():
    rng = random.Random(3)
    values = [rng.uniform(0, 500) for _ in range(37)]
    for q in (0, 50, 95, 100):
        assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))
