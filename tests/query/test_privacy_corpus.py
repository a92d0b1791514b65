"""The personal-data screen over the corpus of cases (tests/query/personal_data.yaml): every positive is
caught and fully covered, no negative is flagged; the closing test prints precision and recall per kind."""

from __future__ import annotations

import pytest

from assistant.query.privacy import find_personal_data, redact
from tests.query.personal_data_scores import load_corpus, scores, table, uncovered

POSITIVES, NEGATIVES = load_corpus()


@pytest.mark.parametrize("case", POSITIVES, ids=str)
def test_personal_data_is_caught_whole(case):
    kinds = [f.kind for f in find_personal_data(case.text)]
    assert case.kind in kinds, f"found {kinds}"
    assert not uncovered(case), f"left uncovered: {uncovered(case)!r}"
    assert case.secret not in redact(case.text)


@pytest.mark.parametrize("text", NEGATIVES, ids=lambda text: text.encode("unicode_escape").decode())
def test_ordinary_text_is_left_alone(text):
    assert find_personal_data(text) == []
    assert redact(text) == text


def test_precision_and_recall(capsys):
    assert len(POSITIVES) >= 150 and len(NEGATIVES) >= 100
    assert len({case.kind for case in POSITIVES}) == 6
    results = scores(POSITIVES, NEGATIVES)
    with capsys.disabled():
        print("\n" + table(results))
    assert all(missed == 0 and alarms == 0 for _, missed, alarms in results.values()), table(results)
