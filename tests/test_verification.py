from assistant.verification import CitationVerifier, answer_sentences, common_names, parse_markers

SOURCES = {
    1: "Continue to implement the $3 billion AI Subsidy Scheme to support local institutions. (ITIB) "
       "Innovation, Technology and Industry Bureau",
    2: "Establish the Hong Kong AI Research and Development Institute in 2026. (ITIB)",
}
verifier = CitationVerifier(common_names=["Hong Kong"])


def test_marker_forms():
    assert parse_markers("a [1, 3] b [2][1] c [4;5]") == [1, 3, 2, 4, 5]
    assert parse_markers("no markers") == []


def test_markers_after_the_stop_stay_with_their_sentence():
    assert answer_sentences("The scheme has $3 billion. [1] The institute opens in 2026.[2]") == [
        "The scheme has $3 billion [1].", "The institute opens in 2026 [2]."]


def test_supported_sentence_passes():
    check = verifier.check("The AI Subsidy Scheme has $3 billion [1].", SOURCES)
    assert check.supported and check.sources == [1]


def test_wrong_amount_year_or_name_is_unsupported():
    assert not verifier.check("The AI Subsidy Scheme has $30 billion [1].", SOURCES).supported
    assert not verifier.check("The institute will be set up in 2027 [2].", SOURCES).supported
    problems = verifier.check("The Cyberport Data Fund supports local institutions [1].", SOURCES).problems
    assert any("Cyberport Data Fund" in p for p in problems)


def test_the_right_fact_cited_to_the_wrong_source_is_unsupported():
    assert not verifier.check("The institute will be set up in 2026 [1].", SOURCES).supported
    assert verifier.check("The institute will be set up in 2026 [1, 2].", SOURCES).supported


def test_markers_to_no_source_are_dropped():
    check = verifier.check("The scheme has $3 billion [1][7].", SOURCES)
    assert check.supported and check.text == "The scheme has $3 billion [1]."
    orphan = verifier.check("Bananas are yellow [9].", SOURCES)
    assert not orphan.supported and orphan.problems == ["cites no source"]


def test_an_uncited_sentence_is_attributed_only_to_a_single_supporting_source():
    check = verifier.check("The scheme has $3 billion.", SOURCES)
    assert check.supported and check.attributed and check.text == "The scheme has $3 billion [1]."
    ambiguous = verifier.check("It supports AI.", SOURCES)  # both sources could back it
    assert not ambiguous.supported and not ambiguous.sources
    assert not verifier.check("The scheme has $4 billion.", SOURCES).supported


def test_a_question_echoed_back_is_not_an_answer():
    assert not verifier.check("How much is the AI Subsidy Scheme [1]?", SOURCES).supported


def test_off_topic_sentences_are_unsupported():
    assert not verifier.check("Bananas are yellow and tasty fruit [1].", SOURCES).supported


def test_common_names_need_not_be_in_the_passage():
    assert verifier.check("Hong Kong will implement the AI Subsidy Scheme [1].", SOURCES).supported
    assert "hong kong" in common_names(["Hong Kong a", "Hong Kong b", "other"], share=0.5)


def test_grounded_is_the_share_of_supported_sentences():
    result = verifier.verify("It has $3 billion [1]. It has $9 billion [1]. Opens in 2026 [2].", SOURCES)
    assert round(result.grounded, 3) == 0.667
    assert result.text == "It has $3 billion [1]. Opens in 2026 [2]."
    assert result.cited == [1, 2]
