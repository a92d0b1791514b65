"""Compare a run with a baseline report: per-case differences and a paired significance test per metric.

Only the cases both runs measured a metric on are compared (by ``suite/id``). The test is the exact sign
test, one-sided: among the cases whose value changed, is "worse" more frequent than chance? It needs no
assumption about the size of differences, which suits 0/1 metrics such as hit@1 where Wilcoxon's ranks are
all ties. A metric regresses when its mean over the shared cases fell and the p-value is below ``alpha``.

>>> round(sign_test(worse=6, better=0), 4), sign_test(worse=1, better=3) > 0.05
(0.0156, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from scipy.stats import binomtest

#: Metrics that describe a run rather than grade it: shown, never called a regression.
UNGRADED_PREFIXES = ("context_chars@",)


def sign_test(worse: int, better: int) -> float:
    """One-sided exact sign test: the p-value of at least ``worse`` losses among the changed pairs."""
    changed = worse + better
    return 1.0 if changed == 0 else float(binomtest(worse, changed, 0.5, alternative="greater").pvalue)


@dataclass(frozen=True)
class MetricChange:
    """How one metric moved over the cases both runs measured it on."""

    metric: str
    shared: int
    baseline: float
    current: float
    worse: list[str]
    better: list[str]
    p_value: float
    regressed: bool


@dataclass(frozen=True)
class Comparison:
    """The whole comparison; ``regressions`` decides the exit code."""

    alpha: float
    shared_cases: int
    only_in_baseline: list[str]
    only_in_current: list[str]
    metrics: list[MetricChange]

    @property
    def regressions(self) -> list[MetricChange]:
        """The metrics that got significantly worse."""
        return [m for m in self.metrics if m.regressed]

    def to_json(self) -> dict:
        """The comparison as the report stores it."""
        return asdict(self)


def _metric_change(metric: str, pairs: Sequence[tuple[str, float, float]], alpha: float) -> MetricChange:
    worse = [key for key, old, new in pairs if new < old]
    better = [key for key, old, new in pairs if new > old]
    baseline = sum(old for _, old, _ in pairs) / len(pairs)
    current = sum(new for _, _, new in pairs) / len(pairs)
    p_value = sign_test(len(worse), len(better))
    graded = not metric.startswith(UNGRADED_PREFIXES)
    return MetricChange(metric, len(pairs), baseline, current, worse, better, p_value,
                        graded and current < baseline and p_value < alpha)


def compare(baseline: Sequence[Mapping], current: Sequence[Mapping], alpha: float = 0.05) -> Comparison:
    """Compare the ``cases`` lists of two reports (each case has ``key`` and ``metrics``)."""
    old = {c["key"]: c["metrics"] for c in baseline}
    new = {c["key"]: c["metrics"] for c in current}
    shared = [key for key in new if key in old]
    metrics = dict.fromkeys(m for key in shared for m in new[key] if old[key].get(m) is not None)
    changes = []
    for metric in metrics:
        pairs = [(key, float(old[key][metric]), float(new[key][metric])) for key in shared
                 if old[key].get(metric) is not None and new[key].get(metric) is not None]
        if pairs:
            changes.append(_metric_change(metric, pairs, alpha))
    return Comparison(alpha, len(shared), [k for k in old if k not in new], [k for k in new if k not in old], changes)
