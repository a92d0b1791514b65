"""Retrieval metrics computed from ranked ids and a set of relevant ids (binary relevance).

The definitions follow sentence-transformers' InformationRetrievalEvaluator and TREC practice:

>>> ranked, relevant = ["a", "b", "c"], {"b"}
>>> hit_at_k(ranked, relevant, 1), mrr_at_k(ranked, relevant, 3), round(ndcg_at_k(ranked, relevant, 3), 4)
(0.0, 0.5, 0.6309)
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def hit_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """1 when any relevant id is in the top ``k``."""
    return float(any(doc in relevant for doc in ranked[:k]))


def recall_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Share of the relevant ids found in the top ``k``."""
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def precision_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Share of the top ``k`` slots holding a relevant id (slots past the end of the ranking count as misses)."""
    return len([doc for doc in ranked[:k] if doc in relevant]) / k


def mrr_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Reciprocal rank of the first relevant id in the top ``k``, else 0."""
    for rank, doc in enumerate(ranked[:k], 1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Normalised discounted cumulative gain with binary gains."""
    dcg = sum(1.0 / math.log2(rank + 1) for rank, doc in enumerate(ranked[:k], 1) if doc in relevant)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return dcg / ideal if ideal else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation, as numpy computes it by default."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)
