"""A measure the question names word for word outweighs a near name: on two real documents, a 2020 news page on
the Re-industrialisation Funding Scheme and the 2025-26 Budget on the New Industrialisation Funding Scheme."""

from pathlib import Path

import pytest

from assistant.service import Assistant

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "eval" / "documents" / "news" / "2020-07-27-reindustrialisation-subsidy-opens.html",
             ROOT / "eval" / "documents" / "budget" / "2025-26-budget-speech-part3-excerpt.pdf"]
QUESTION = "How much money was put into the Re-industrialisation Funding Scheme when it opened?"


@pytest.fixture(scope="module")
def built(built_from):
    return built_from(DOCUMENTS)


@pytest.mark.parametrize(("weight", "named_first"), [(0.15, True), (0.0, False)])
def test_the_passage_naming_the_asked_measure_leads(built, embedder, weight, named_first):
    settings, index = built
    assistant = Assistant(settings.model_copy(update={"name_match_weight": weight}), index, embedder)
    top = assistant.search(QUESTION, k=1)[0]
    assert ("Re-industrialisation Funding Scheme" in top.chunk.text) is named_first, top.chunk.text
