"""The mixed conversations of eval/suites/followups.yaml: follow-ups told from questions that stand alone.

Both error kinds are counted: a follow-up read as standing alone loses its subject; a question that stands
alone read as a follow-up is condensed with an unrelated earlier question and refused for a false reason.
A question that stands alone must get exactly the answer it gets with no conversation before it.
"""

from __future__ import annotations

import pytest

from assistant.config import PROJECT_ROOT
from assistant.evaluation.runner import RunOptions, run_suite
from assistant.evaluation.suite import load_suite
from assistant.query.followups import looks_like_follow_up
from assistant.query.reading import read_question

CASES = load_suite(PROJECT_ROOT / "eval" / "suites" / "followups.yaml")
FOLLOW_UPS = [c for c in CASES if "follow-up" in c.tags]
STANDING = [c for c in CASES if "stands-alone" in c.tags]
#: At most this many of each kind may be read wrongly (now 0 of 24 each).
MAX_MISSED_FOLLOW_UPS = 1
MAX_FALSE_FOLLOW_UPS = 1


def test_the_suite_mixes_both_kinds():
    assert len(CASES) >= 40 and len(FOLLOW_UPS) >= 20 and len(STANDING) >= 20
    assert all(c.history for c in CASES) and len(FOLLOW_UPS) + len(STANDING) == len(CASES)


def test_follow_ups_are_recognised():
    missed = [c.question for c in FOLLOW_UPS if not looks_like_follow_up(c.question)]
    assert len(missed) <= MAX_MISSED_FOLLOW_UPS, f"{len(missed)} of {len(FOLLOW_UPS)} follow-ups missed: {missed}"


def test_questions_that_stand_alone_are_not_read_as_follow_ups():
    wrong = [c.question for c in STANDING if looks_like_follow_up(c.question)]
    assert len(wrong) <= MAX_FALSE_FOLLOW_UPS, f"{len(wrong)} of {len(STANDING)} read as follow-ups: {wrong}"
    condensed = [c.question for c in STANDING if read_question(c.question, c.history).standalone != c.question]
    assert len(condensed) <= MAX_FALSE_FOLLOW_UPS, condensed


@pytest.mark.parametrize("case", STANDING, ids=[c.id for c in STANDING])
def test_a_question_that_stands_alone_is_answered_as_on_its_own(assistant, case):
    alone, after = assistant.ask(case.question), assistant.ask(case.question, case.history)
    assert (after.answer, after.refused, after.reason, after.query) == \
        (alone.answer, alone.refused, alone.reason, alone.query)


@pytest.fixture(scope="module")
def results(assistant):
    return run_suite(assistant, CASES, RunOptions(k=5))


def _right(result) -> bool:
    """Refused when it should be; answered, with its facts, when it should be."""
    metrics = result.metrics
    if result.case.expect == "refuse":
        return metrics["refused_when_expected"] == 1.0
    return metrics["answered_when_expected"] == 1.0 and metrics["facts"] in (None, 1.0)


def test_the_conversations_get_the_expected_answers(results):
    graded = [r for r in results if r.case.expect != "any"]
    wrong = [r.case.id for r in graded if not _right(r)]
    assert len(wrong) <= 3, f"{len(wrong)} of {len(graded)} wrong: {wrong}"
