"""Quality gates: minimum metric values per group of cases, and per case, from one YAML file or the command line.

``eval/thresholds.yaml`` is the one place CI's bars live; pytest turns each entry into a test item and
``assistant eval --thresholds`` applies the same file. ``--fail-under [GROUP:]METRIC=VALUE`` adds one more::

    suites: [suites/golden.yaml]    # relative to this file
    k: 5
    groups:                         # group selector -> metric -> minimum of the group's mean
      golden: {hit@1: 0.9}
      "personas,-tag:follow-up": {facts: 0.8}
    cases:                          # group selector -> metric -> minimum for every case in the group
      "tag:injection": {no_forbidden_facts: 1}

>>> parse_fail_under("tag:follow-up:hit@1=0.75").describe()
'+follow-up: hit@1 >= 0.75'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.evaluation.groups import Selector, SelectorError
from assistant.evaluation.runner import CaseResult, summarise
from assistant.evaluation.suite import SuiteError


class ThresholdError(SuiteError):
    """A thresholds file or ``--fail-under`` value that cannot be read."""


@dataclass(frozen=True)
class Threshold:
    """``metric`` must be at least ``minimum``: the group's mean, or each case's value when ``per_case``.

    A group that matches no case is skipped unless the threshold is ``required`` (named on the command line).
    """

    selector: Selector
    metric: str
    minimum: float
    per_case: bool = False
    required: bool = False

    def describe(self) -> str:
        """The gate as it is written: ``[GROUP:]METRIC=VALUE``."""
        return f"{self.selector.describe()}: {self.metric} >= {self.minimum:g}"


@dataclass(frozen=True)
class GateResult:
    """One threshold checked: ``status`` is ``pass``, ``fail`` or ``skip``."""

    name: str
    status: str
    value: float | None
    message: str

    @property
    def failed(self) -> bool:
        """Whether the gate failed."""
        return self.status == "fail"


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    suites: list[str] = Field(default_factory=list)
    k: int = Field(5, ge=1)
    groups: dict[str, dict[str, float]] = Field(default_factory=dict)
    cases: dict[str, dict[str, float]] = Field(default_factory=dict)


@dataclass(frozen=True)
class Thresholds:
    """Everything in a thresholds file; suite paths are resolved against the file's folder."""

    suites: list[Path]
    k: int
    thresholds: list[Threshold]


def load_thresholds(path: Path) -> Thresholds:
    """Read and validate a thresholds file."""
    try:
        data = _File.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        thresholds = [Threshold(Selector.parse(group), metric, minimum, per_case)
                      for per_case, table in ((False, data.groups), (True, data.cases))
                      for group, minimums in table.items() for metric, minimum in minimums.items()]
    except (OSError, yaml.YAMLError, ValidationError, SelectorError) as exc:
        raise ThresholdError(f"{path}: {exc}") from exc
    return Thresholds([path.parent / s for s in data.suites], data.k, thresholds)


def parse_fail_under(spec: str) -> Threshold:
    """``[GROUP:]METRIC=VALUE`` from the command line; GROUP as in :meth:`Selector.parse`."""
    target, equals, value = spec.partition("=")
    group, _, metric = target.rpartition(":")
    message = f"cannot read --fail-under {spec!r}: expected [GROUP:]METRIC=VALUE"
    if not equals or not metric.strip():
        raise ThresholdError(message)
    try:
        return Threshold(Selector.parse(group), metric.strip(), float(value), required=True)
    except ValueError as exc:
        raise ThresholdError(f"{message} ({exc})") from None


def check(threshold: Threshold, results: Sequence[CaseResult]) -> list[GateResult]:
    """The threshold's outcome: one result for a group threshold, one per case for a per-case one."""
    selected = threshold.selector.select(results)
    name = threshold.describe()
    if not selected:
        status = "fail" if threshold.required else "skip"
        return [GateResult(name, status, None, f"no case in group {threshold.selector.describe()!r}")]
    if threshold.per_case:
        return [check_case(threshold, result) for result in selected]
    value = summarise(selected).get(threshold.metric)
    if value is None:
        return [GateResult(name, "fail", None, f"{threshold.metric} was not measured on any of {len(selected)} cases")]
    status = "pass" if value >= threshold.minimum else "fail"
    return [GateResult(name, status, float(value), f"{threshold.metric} = {value:.3f} (minimum {threshold.minimum:g})")]


def check_case(threshold: Threshold, result: CaseResult) -> GateResult:
    """A per-case threshold for one case; skipped when the metric does not apply to it."""
    name = f"{result.case.suite}/{result.case.id}: {threshold.metric} >= {threshold.minimum:g}"
    value = result.metrics.get(threshold.metric)
    if value is None:
        return GateResult(name, "skip", None, f"{threshold.metric} does not apply")
    status = "pass" if value >= threshold.minimum else "fail"
    return GateResult(name, status, value, f"{threshold.metric} = {value:.3f}")


def check_all(thresholds: Sequence[Threshold], results: Sequence[CaseResult]) -> list[GateResult]:
    """Every threshold checked, in order."""
    return [outcome for threshold in thresholds for outcome in check(threshold, results)]
