"""Evaluate the finder on enterprise profiles (``eval/profiles.yaml``): precision@3 and expected-in-top-5.

A case gives a profile, the measures a careful reader expects at the top (``expected``), others that also
fit (``relevant``), or ``fits: false`` for a profile the document has nothing for.

- precision@3: the share of the first three results (fewer if fewer fit) that are expected or relevant,
  averaged over the profiles that fit;
- expected-in-top-5: the share of those profiles whose every expected measure ranks in the top 5;
- honest-no-fit: the share of ``fits: false`` profiles for which the finder says nothing fits.

>>> report = evaluate(finder, load_profiles(Path("eval/profiles.yaml")))     # doctest: +SKIP
>>> report.precision_at_3 >= 0.8 and report.expected_in_top_5 == 1.0         # doctest: +SKIP
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.schemes.finder import SchemeFinder
from assistant.schemes.profile import Profile


class ProfileCase(BaseModel):
    """One enterprise profile and the measures that should come first for it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    profile: Profile
    expected: list[str] = Field(default_factory=list)
    relevant: list[str] = Field(default_factory=list)
    fits: bool = True


@dataclass(frozen=True)
class CaseResult:
    """What the finder returned for one case, and how it scored."""

    case: ProfileCase
    ranked: list[str]
    fits: bool
    precision_at_3: float | None
    expected_in_top_5: bool | None


@dataclass(frozen=True)
class EvalReport:
    """Every profile's result, and the means over them."""
    results: list[CaseResult]

    def _mean(self, values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    @property
    def precision_at_3(self) -> float:
        """Mean precision@3 over the profiles that fit."""
        return self._mean([r.precision_at_3 for r in self.results if r.precision_at_3 is not None])

    @property
    def expected_in_top_5(self) -> float:
        """Share of the profiles that fit whose every expected measure ranks in the top 5."""
        return self._mean([float(r.expected_in_top_5) for r in self.results if r.expected_in_top_5 is not None])

    @property
    def honest_no_fit(self) -> float:
        """Share of the profiles nothing fits for which the finder says so."""
        return self._mean([float(not r.fits) for r in self.results if not r.case.fits])


def load_profiles(path: Path) -> list[ProfileCase]:
    """The cases in a YAML list."""
    return [ProfileCase.model_validate(record) for record in yaml.safe_load(path.read_text(encoding="utf-8"))]


def score_case(finder: SchemeFinder, case: ProfileCase) -> CaseResult:
    """Run one profile and score it."""
    result = finder.match(case.profile, k=5)
    ranked = [m.measure.id for m in result.matches]
    if not case.fits:
        return CaseResult(case, ranked, result.fits, None, None)
    right = set(case.expected) | set(case.relevant)
    top = ranked[:3]
    precision = sum(i in right for i in top) / len(top) if top else 0.0
    return CaseResult(case, ranked, result.fits, precision, set(case.expected) <= set(ranked[:5]))


def evaluate(finder: SchemeFinder, cases: list[ProfileCase]) -> EvalReport:
    """Score every case."""
    return EvalReport([score_case(finder, case) for case in cases])
