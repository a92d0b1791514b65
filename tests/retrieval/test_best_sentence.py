"""A paragraph that covers several things is found by the one sentence that answers: on the 2025 Policy Address,
whose paragraph 159 on space robotics ends with the $100 million Special Call on Aerospace Technology, beside
the Innovation and Technology Fund's statistics at three dates, whose table rows all speak of university projects
and funds."""

from pathlib import Path

import pytest

from assistant.service import Assistant

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "eval" / "documents" / "policy-address" / "pa2025-en-excerpt.xml",
             *sorted((ROOT / "eval" / "documents" / "itf").glob("itf-statistics-*.html"))]
QUESTION = "How much research money went to aerospace technology projects at universities?"
ANSWER = "Special Call on Aerospace Technology"


@pytest.fixture(scope="module")
def built(built_from):
    return built_from(DOCUMENTS)


@pytest.mark.parametrize(("weight", "found_first"), [(0.2, True), (0.0, False)])
def test_the_paragraph_with_the_answering_sentence_leads(built, embedder, weight, found_first):
    settings, index = built
    assistant = Assistant(settings.model_copy(update={"sentence_weight": weight}), index, embedder)
    top = assistant.search(QUESTION, k=1)[0]
    assert (ANSWER in top.chunk.text) is found_first, top.chunk.text


def test_the_threshold_still_reads_the_passage_cosine(built, embedder):
    # The lift orders passages; it does not make a loosely similar passage look relevant enough to answer from.
    settings, index = built
    plain = Assistant(settings.model_copy(update={"sentence_weight": 0.0}), index, embedder)
    lifted = Assistant(settings.model_copy(update={"sentence_weight": 1.0}), index, embedder)
    cosines = {p.chunk.id: p.dense_score for p in plain.search(QUESTION, k=30)}
    assert all(p.dense_score == cosines.get(p.chunk.id, p.dense_score) for p in lifted.search(QUESTION, k=30))
