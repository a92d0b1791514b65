from dataclasses import replace

from assistant.ingest.chunking import Chunk
from assistant.retrieval import (
    Filters,
    Passage,
    Retriever,
    prefer_detail,
    prefer_specific,
    prefer_tagged,
    restates,
)


def _passage(row, doc_id, kind, text):
    chunk = Chunk(id=str(row), doc_id=doc_id, section=("S",), text=text, bureaux=(), sentences=(text,), kind=kind)
    return Passage(chunk, row, 1.0 / (row + 1), None, None)


def test_hybrid_finds_paraphrased_and_exact_questions(assistant):
    top = assistant.search("money to help companies use supercomputer capacity", k=1)[0]
    assert "AI Subsidy Scheme" in top.chunk.text
    top = assistant.search("CorpID", k=1)[0]
    assert "CorpID" in top.chunk.text


def test_results_carry_scores_sections_and_bureaux(assistant):
    results = assistant.search("hydrogen filling stations", k=5)
    assert len(results) == 5
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
    assert results[0].chunk.bureaux == ("EEB",)
    assert results[0].chunk.section_path.endswith("Promote the development of new energy industry")


def test_filters_by_bureau_and_section(assistant):
    by_bureau = assistant.search("AI applications", k=10, filters=Filters(bureaux=("devb",)))
    assert by_bureau and all("DEVB" in r.chunk.bureaux for r in by_bureau)
    by_section = assistant.search("AI", k=10, filters=Filters(section="life and health"))
    assert by_section and all("life and health" in r.chunk.section_path for r in by_section)
    assert assistant.search("AI", filters=Filters(bureaux=("NOPE",))) == []


def test_each_mode_ranks_on_its_own(index, embedder, settings):
    retriever = Retriever(index, embedder, settings)
    dense = retriever.search("hydrogen", k=3, mode="dense")
    lexical = retriever.search("hydrogen", k=3, mode="lexical")
    assert all(p.lexical_score is None for p in dense)
    assert all(p.dense_score is None and p.lexical_score > 0 for p in lexical)
    assert retriever.search("zzqx", k=3, mode="lexical") == []


def test_a_measures_bullet_comes_before_another_documents_paragraph_that_restates_it():
    speech = _passage(0, "speech", "paragraph", "61. We will set up the Harbour Medical Products Centre in 2026 and "
                      "submit a legislative proposal so that the centre regulates medicines and devices, drawing "
                      "on the experience of leading regulators abroad.")
    other = _passage(1, "budget", "paragraph", "The Island Voucher covers ferry fares.")
    bullet = _passage(2, "plan", "bullet", "Set up the Harbour Medical Products Centre and submit a legislative "
                      "proposal in 2026 so that the centre regulates medicines and devices.")
    assert [p.row for p in prefer_specific([speech, other, bullet])] == [2, 0, 1]
    # Not a restatement: a paragraph of the same document, a bullet of few words, another bullet.
    same_document = _passage(2, "speech", "bullet", bullet.chunk.text)
    assert [p.row for p in prefer_specific([speech, other, same_document])] == [0, 1, 2]
    short = _passage(2, "plan", "bullet", "Set up the Harbour Medical Products Centre.")
    assert [p.row for p in prefer_specific([speech, other, short])] == [0, 1, 2]
    prose = _passage(2, "plan", "paragraph", bullet.chunk.text)
    assert [p.row for p in prefer_specific([speech, other, prose])] == [0, 1, 2]


def test_a_restatement_is_recognised_through_its_inflections():
    """'The establishment of ... will facilitate' restates 'Establish ..., facilitating': words compared stemmed."""
    bullet = _passage(0, "plan", "bullet", "Establish Harbour Research Institute, facilitating upstream studies, "
                      "transferring outcomes, expanding applications.")
    speech = _passage(1, "speech", "paragraph", "69. The establishment of the Harbour Research Institute will "
                      "facilitate upstream study, the transfer of outcomes and expanded application.")
    assert restates(bullet.chunk, speech.chunk)
    assert [p.row for p in prefer_specific([speech, bullet])] == [0, 1]


def test_the_bullet_a_paragraph_restates_takes_its_score_and_so_its_claim_to_the_detail():
    """'When is the institute set up?': a talent paragraph without a date led, a speech paragraph restating the
    measure's bullet came within the detail margin, the bullet itself did not; the bullet must be the one lifted."""
    talent = replace(_passage(0, "speech", "paragraph", "60. We will attract young scientists from abroad "
                              "with housing and visa schemes."), score=0.9)
    bullet = replace(_passage(1, "plan", "bullet", "Establish the Harbour Research Institute in 2026, with a view "
                              "to facilitating upstream research and the transfer of its outcomes."), score=0.6)
    speech = replace(_passage(2, "speech", "paragraph", "61. We have earmarked $1 billion to establish the Harbour "
                              "Research Institute in 2026, facilitating upstream research and the transfer of "
                              "its outcomes."), score=0.8)
    specific = prefer_specific([talent, speech, bullet], "date", "When is the institute set up?")
    assert [(p.row, p.score) for p in specific] == [(0, 0.9), (1, 0.8), (2, 0.8)]
    assert [p.row for p in prefer_detail(specific, "date", "When is the institute set up?", 0.15)] == [1, 0, 2]


def test_the_version_that_gives_the_detail_asked_for_comes_first():
    speech = _passage(0, "speech", "paragraph", "61. We have earmarked $1 billion to set up the Harbour Medical "
                      "Products Centre in 2026 and submit a legislative proposal so that the centre regulates "
                      "medicines and devices.")
    bullet = _passage(1, "plan", "bullet", "Set up the Harbour Medical Products Centre and submit a legislative "
                      "proposal in 2026 so that the centre regulates medicines and devices.")
    assert [p.row for p in prefer_specific([speech, bullet])] == [1, 0]
    assert [p.row for p in prefer_specific([speech, bullet], "amount", "How much is the centre getting?")] == [0, 1]
    assert [p.row for p in prefer_specific([speech, bullet], "date", "When is the centre set up?")] == [1, 0]


def test_the_tagged_measure_goes_before_an_untagged_background_paragraph_only_within_the_margin():
    background = replace(_passage(0, "plan", "paragraph", "We will promote new energy, such as aviation fuel."),
                         score=0.9)
    measure = _passage(1, "plan", "bullet", "Establish an aviation fuel industry chain.")
    measure = replace(measure, score=0.8, chunk=replace(measure.chunk, bureaux=("EEB", "TLB")))
    assert [p.row for p in prefer_tagged([background, measure], 0.2)] == [1, 0]
    assert [p.row for p in prefer_tagged([background, measure], 0.05)] == [0, 1]
    untagged = replace(measure, chunk=replace(measure.chunk, bureaux=()))
    assert [p.row for p in prefer_tagged([background, untagged], 0.2)] == [0, 1]
