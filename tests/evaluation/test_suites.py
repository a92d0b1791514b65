"""The golden suites in eval/ as test items: one per threshold in eval/thresholds.yaml, one per case for
per-case gates, so `make test` gates quality and names the bar (or the case) that slipped.

The suites run once per module through the real pipeline (real model, FAISS and BM25 index).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.evaluation.runner import RunOptions, run_suite
from assistant.evaluation.suite import load_suite
from assistant.evaluation.thresholds import Threshold, check, check_case, load_thresholds

THRESHOLDS = load_thresholds(PROJECT_ROOT / "eval" / "thresholds.yaml")
CASES = [case for path in THRESHOLDS.suites for case in load_suite(path)]
GROUP_GATES = [t for t in THRESHOLDS.thresholds if not t.per_case]
CASE_GATES = [(t, case) for t in THRESHOLDS.thresholds if t.per_case for case in CASES if t.selector.matches(case)]
#: Kinds of question the golden suites must cover (issue 4, point 7), and how many of each at least.
REQUIRED_KINDS = {"citizen": 20, "enterprise": 15, "follow-up": 10, "unanswerable": 10, "off-topic": 5,
                  "false-premise": 5, "injection": 5}


@pytest.fixture(scope="module")
def results(assistant):
    return run_suite(assistant, CASES, RunOptions(k=THRESHOLDS.k))


@pytest.mark.parametrize("threshold", GROUP_GATES, ids=Threshold.describe)
def test_group_meets_its_bar(threshold: Threshold, results):
    [outcome] = check(threshold, results)
    assert outcome.status == "pass", outcome.message


@pytest.mark.parametrize(("threshold", "case"), CASE_GATES,
                         ids=[f"{c.suite}/{c.id}: {t.metric}" for t, c in CASE_GATES])
def test_case_meets_its_bar(threshold: Threshold, case, results):
    [result] = [r for r in results if r.case is case]
    outcome = check_case(threshold, result)
    if outcome.status == "skip":
        pytest.skip(f"{threshold.metric} does not apply to {case.id}")
    assert outcome.status == "pass", f"{outcome.name}: {outcome.message}"


def test_every_expected_source_is_in_the_corpus(results):
    unmeasured = [f"{r.case.suite}/{r.case.id}: {'; '.join(r.notes)}" for r in results if r.notes]
    assert not unmeasured


def test_the_suites_cover_every_kind_of_question():
    assert len(CASES) >= 80
    counts = {kind: sum(kind in c.tags for c in CASES) for kind in REQUIRED_KINDS}
    assert all(counts[kind] >= least for kind, least in REQUIRED_KINDS.items()), counts
    assert all(c.history for c in CASES if "follow-up" in c.tags)


def test_thresholds_name_only_suites_that_ran():
    suites = {c.suite for c in CASES}
    named = {t.selector.suite for t in THRESHOLDS.thresholds if t.selector.suite}
    assert named <= suites
    assert all(Path(p).exists() for p in THRESHOLDS.suites)
