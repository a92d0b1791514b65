"""The finder on the enterprise profiles in eval/profiles.yaml: the issue's bars, measured."""

import re

import pytest

from assistant.config import PROJECT_ROOT
from assistant.evaluation.profiles import evaluate, load_profiles

PROFILES = PROJECT_ROOT / "eval" / "profiles.yaml"
DOCUMENT = PROJECT_ROOT / "corpus" / "industry-development-and-reform.md"


@pytest.fixture(scope="module")
def cases():
    return load_profiles(PROFILES)


@pytest.fixture(scope="module")
def report(assistant, cases):
    return evaluate(assistant.finder, cases)


def test_there_are_enough_profiles_and_they_name_real_measures(assistant, cases):
    catalogue = assistant.finder.catalogue
    assert sum(c.fits for c in cases) >= 15 and sum(not c.fits for c in cases) >= 2
    assert len({c.id for c in cases}) == len(cases)
    for case in cases:
        assert bool(case.expected) == case.fits, case.id
        unknown = [i for i in case.expected + case.relevant if catalogue.get(i) is None]
        assert not unknown, f"{case.id}: no such measure {unknown}"


def test_profiles_are_in_the_owners_words_not_the_documents(cases):
    def grams(text, n=5):
        words = re.findall(r"[a-z0-9]+", text.lower())
        return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}

    document = grams(DOCUMENT.read_text())
    for case in cases:
        copied = grams(case.profile.description or "") & document
        assert not copied, f"{case.id} copies the document: {[' '.join(g) for g in copied]}"


def test_precision_at_3_is_at_least_0_8(report):
    print(f"\nprecision@3 {report.precision_at_3:.3f}, expected in top 5 {report.expected_in_top_5:.3f}, "
          f"honest no-fit {report.honest_no_fit:.3f}")
    assert report.precision_at_3 >= 0.8


def test_every_expected_measure_is_in_the_top_5(report):
    missed = {r.case.id: r.ranked for r in report.results if r.expected_in_top_5 is False}
    assert not missed


def test_profiles_the_document_cannot_serve_are_told_so(report):
    assert report.honest_no_fit == 1.0
