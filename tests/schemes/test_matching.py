"""Matching profiles to measures: rules and similarity together, reasons, honesty when nothing fits.

The profiles here are not those of eval/profiles.yaml: they are other enterprises of the same kinds, so a
matcher tuned to the evaluation profiles alone would fail them.
"""

import re

import pytest
from pydantic import ValidationError

from assistant.schemes.matching import SchemeMatcher
from assistant.schemes.profile import Profile


@pytest.fixture(scope="module")
def finder(assistant):
    return assistant.finder


@pytest.mark.parametrize(("profile", "expected"), [
    ({"sector": "civil engineering", "needs": ["funding"],
      "description": "We want to put cameras and AI on our private building sites to analyse progress and safety."},
     ["construction-innovation-and-technology-fund"]),
    ({"sector": "payments", "needs": ["testing in a sandbox"],
      "description": "We're building an AI chatbot that handles customer service for banks and need a supervised "
                     "place to trial it."}, ["ai-sandbox"]),
    ({"sector": "machine learning", "size": "start-up", "needs": ["computing power"],
      "description": "Training our vision models needs far more GPU hours than we can afford."},
     ["ai-subsidy-scheme", "cyberports-ai-supercomputing-centre"]),
    ({"sector": "pharmaceuticals", "needs": ["testing in a sandbox"],
      "description": "We want to run a multi-centre trial of our cancer drug across Guangdong and Hong Kong "
                     "hospitals."},
     ["greater-bay-area-clinical-trial-collaboration-platform"]),
    ({"sector": "clean energy", "needs": ["market access"],
      "description": "We want to ship hydrogen from Guangdong into Hong Kong."},
     ["cross-boundary-hydrogen-transport-trial"]),
    ({"sector": "cloud computing", "needs": ["land"], "description": "We need land to build a new data centre campus."},
     ["sandy-ridge-data-facility-cluster-site"]),
    ({"sector": "medtech", "needs": ["regulatory approval"],
      "description": "Our diagnostic device needs to be registered here and we don't know who will regulate it."},
     ["hong-kong-centre-for-medical-products-regulation"]),
    ({"description": "Our start-up makes robots that tie rebar, and we'd like government building projects to use "
                     "them."}, ["construction-robots-in-new-public-works"]),
    ({"sector": "AI", "needs": ["investment"]}, ["hong-kong-investment-corporation-limited"]),
])
def test_other_enterprises_of_the_same_kinds_find_their_measures(finder, profile, expected):
    result = finder.match(Profile(**profile))
    ranked = [m.measure.id for m in result.matches]
    assert result.fits and set(expected) <= set(ranked[:5]), ranked


@pytest.mark.parametrize("profile", [
    {"sector": "hair salon", "needs": ["funding"], "description": "We want money to renovate our salon."},
    {"sector": "travel agency", "description": "Tour bookings collapsed and we need cash to pay staff."},
    {"sector": "restaurant", "size": "small", "needs": ["tax"]},
])
def test_a_profile_nothing_fits_is_told_so_with_the_nearest_measures(finder, profile):
    result = finder.match(Profile(**profile))
    assert not result.fits and result.matches == []
    assert "Nothing in the document is aimed at a business like yours" in result.message
    assert len(result.nearest) == 3 and all(m.reasons for m in result.nearest)


def test_needs_are_met_by_the_kinds_of_support(finder):
    result = finder.match(Profile(needs=["computing power"]), k=10)
    assert result.fits and all("computing power" in m.measure.kinds for m in result.matches)
    assert {"ai-subsidy-scheme", "cyberports-ai-supercomputing-centre"} <= {m.measure.id for m in result.matches}
    assert all("it meets your need for computing power" in m.reasons[0] for m in result.matches)


def test_a_sector_keeps_measures_of_that_sector_or_open_to_all(finder):
    result = finder.match(Profile(sector="banking"), k=20)
    assert result.sectors == ["financial services"]
    for match in result.matches:
        assert {"financial services", "any"} & set(match.measure.sectors)
    assert "it is meant for financial services" in result.matches[0].reasons


def test_reasons_say_why_in_words(finder):
    result = finder.match(Profile(sector="construction", needs=["funding"],
                                  description="We want AI to review our contracts and payment claims."))
    top = result.matches[0]
    assert top.measure.id == "construction-innovation-and-technology-fund"
    assert top.reasons[:2] == ["it meets your need for funding (fund)", "it is meant for construction"]
    assert top.reasons[-1] == "it is about AI, review, contract and payment, which matches what your business does"
    assert not any(re.search(r"\d\.\d|similarity|measure\(s\)", r) for m in result.matches for r in m.reasons)


def test_a_measure_for_institutions_does_not_fit_an_enterprise(finder):
    wanted = Profile(needs=["talent"], description="We want to bring a top AI scientist from abroad.")
    assert "frontier-technology-research-support-scheme" in [m.measure.id for m in finder.match(wanted).matches]
    as_start_up = finder.match(wanted.model_copy(update={"size": "start-up"}))
    assert "frontier-technology-research-support-scheme" not in [m.measure.id for m in as_start_up.matches]


@pytest.mark.parametrize(("sector", "labels"), [
    ("civil engineering firm", ["construction"]), ("fintech", ["financial services"]),
    ("medtech", ["life and health technology"]), ("bakery", []), ("legal services", []),
])
def test_sectors_are_read_by_phrase_or_meaning(finder, sector, labels):
    assert finder.matcher.sectors.resolve(sector) == labels


def test_measures_are_embedded_once(finder, embedder):
    class Counting:
        def __init__(self):
            self.texts = 0

        def encode(self, texts):
            self.texts += len(texts)
            return embedder.encode(texts)

    counting = Counting()
    matcher = SchemeMatcher(finder.catalogue, counting, finder.matcher.prompts)
    matcher.match(Profile(description="We need GPUs."))
    first = counting.texts
    matcher.match(Profile(description="We need land."))
    assert first > len(finder.catalogue) and counting.texts - first == 1


@pytest.mark.parametrize(("fields", "fragment"), [
    ({}, "give at least one of sector, size, needs or description"),
    ({"sector": "  ", "description": ""}, "give at least one"),
    ({"needs": ["free lunch"]}, "unknown need 'free lunch'; valid needs: funding, investment, computing power"),
    ({"size": "huge"}, "unknown size 'huge'; valid sizes: start-up, small, medium, large"),
    ({"sector": "x", "colour": "red"}, "Extra inputs are not permitted"),
])
def test_invalid_profiles_say_what_is_wrong(fields, fragment):
    with pytest.raises(ValidationError, match=fragment):
        Profile(**fields)


def test_profile_words_are_normalised():
    profile = Profile(needs=["Funding", "GPU", "funding"], size="SME")
    assert profile.needs == ["funding", "computing power"] and profile.size == "small"


def test_a_sector_the_document_does_not_name_is_said_so_and_the_description_searched(finder):
    result = finder.match(Profile(sector="law firm", description="We want to use AI and need computing power."))
    assert result.sector_known is False and result.sectors == []
    assert result.message.startswith("The document does not name the sector you gave, so the search used")
    assert result.fits and result.matches
    assert all("any" in m.measure.sectors for m in result.matches)
    known = finder.match(Profile(sector="construction", needs=["funding"]))
    assert known.sector_known is True and known.message.startswith("The document names")
    assert finder.match(Profile(needs=["funding"])).sector_known is None
