"""Calibrate the refusal threshold on a suite's answerable and negative questions together.

The threshold is the lowest dense cosine of the best passage at which the assistant tries to answer.
Picking it from one question over-fits; this sweeps it over every case at once and takes the value with
the best balanced accuracy (mean of the share of answerable questions answered and the share of
negative questions refused), preferring the lower threshold on a tie, so that answering wins.

>>> rows = calibrate(assistant, cases)        # doctest: +SKIP
>>> best_row(rows).threshold                  # doctest: +SKIP
0.33
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.evaluation.suite import Case
from assistant.service import Assistant
from assistant.types import Answer


@dataclass(frozen=True)
class CalibrationRow:
    """How a threshold does on the suite."""

    threshold: float
    answered: float  # share of `answer` cases answered
    refused: float   # share of `refuse` cases refused

    @property
    def balanced_accuracy(self) -> float:
        """The mean of the two shares: answerable answered, negative refused."""
        return (self.answered + self.refused) / 2


def calibrate(assistant: Assistant, cases: list[Case], thresholds: list[float] | None = None) -> list[CalibrationRow]:
    """Balanced accuracy of each threshold over the ``answer`` and ``refuse`` cases (without history)."""
    graded = [c for c in cases if c.expect in ("answer", "refuse") and not c.history]
    positives = sum(c.expect == "answer" for c in graded)
    negatives = len(graded) - positives
    if not positives or not negatives:
        raise ValueError("calibration needs both answerable and negative cases")
    thresholds = thresholds or [round(t, 2) for t in np.arange(0.15, 0.61, 0.01)]
    retrieved = [(case, *assistant.retrieve(case.question)) for case in graded]
    rows = []
    for threshold in thresholds:
        answered = refused = 0
        for case, vectors, passages in retrieved:
            refusal = isinstance(assistant.plan(case.question, vectors, passages, min_relevance=threshold), Answer)
            answered += case.expect == "answer" and not refusal
            refused += case.expect == "refuse" and refusal
        rows.append(CalibrationRow(threshold, answered / positives, refused / negatives))
    return rows


def best_row(rows: list[CalibrationRow]) -> CalibrationRow:
    """The row with the best balanced accuracy; the lowest threshold among equals."""
    return max(rows, key=lambda r: (round(r.balanced_accuracy, 9), -r.threshold))
