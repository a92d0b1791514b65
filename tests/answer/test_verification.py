from assistant.answer.verification import CitationVerifier, common_names
from assistant.text.markers import answer_sentences, parse_markers

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


# What a sentence claims, word by word (issue 12, weakness 6).

PASSAGES = [
    "Continue to implement the $3 billion AI Subsidy Scheme to support local institutions.",
    "The Hospital Authority (HA) will set up an office to introduce innovative drugs.",
    "The HA will contact drug manufacturers. Enquiries: https://www.example.gov.hk/drugs or 2345 6789.",
    "The government will support enterprises and develop local services.",
    "The government will develop digital services for enterprises.",
]
corpus_verifier = CitationVerifier.for_passages(PASSAGES, generic_share=0.4)
SUBSIDY = {1: SOURCES[1]}


def supported(sentence: str, sources: dict[int, str] = SUBSIDY, checker: CitationVerifier = verifier) -> bool:
    return checker.check(sentence, sources).supported


def test_a_negation_or_reversal_the_passage_does_not_make_is_unsupported():
    assert supported("The AI Subsidy Scheme will support local institutions [1].")
    for claim in ("The AI Subsidy Scheme will not support local institutions [1].",
                  "The AI Subsidy Scheme doesn't support local institutions [1].",
                  "The AI Subsidy Scheme has been cancelled [1].",
                  "The AI Subsidy Scheme to support local institutions has been suspended [1].",
                  "The AI Subsidy Scheme will no longer support local institutions [1]."):
        assert not supported(claim), claim
    assert supported("No AI Subsidy Scheme money goes unused [1].", {1: "No money of the AI Subsidy Scheme goes "
                                                                        "unused."})


def test_an_instruction_to_the_reader_is_unsupported_unless_the_passage_gives_it():
    check = verifier.check("Send your bank details to the AI Subsidy Scheme [1].", SUBSIDY)
    assert not check.supported and "'your' is not in the cited passage" in check.problems
    assert not supported("Click the link to join the AI Subsidy Scheme [1].")
    assert supported("You can apply online [1].", {1: "You can apply online through the portal."})


def test_invented_words_are_unsupported_but_a_light_paraphrase_is_not():
    assert not supported("The AI Subsidy Scheme is a scam run by corrupt officials [1].")
    assert not supported("The AI Subsidy Scheme has been expanded to support more financial institutions [1].")
    assert supported("The AI Subsidy Scheme aims to help local institutions [1].")


def test_the_paraphrase_budget_admits_one_word_only_if_the_corpus_uses_it_widely():
    sources = {1: PASSAGES[0]}
    # "government" is in 2 of the 5 passages (0.4 of them): generic; "bank" is in none.
    assert supported("The government will implement the AI Subsidy Scheme [1].", sources, corpus_verifier)
    assert not supported("The bank will implement the AI Subsidy Scheme [1].", sources, corpus_verifier)
    assert not supported("The government will develop enterprises through the AI Subsidy Scheme [1].", sources,
                         corpus_verifier)  # two words missing: over the budget of one


def test_a_sentence_that_claims_nothing_is_unsupported():
    assert verifier.check("It will be so [1].", SUBSIDY).problems == [
        "it claims nothing the cited passage could support"]


def test_a_contact_is_kept_only_when_the_passage_or_the_corpus_has_exactly_it():
    sources = {1: PASSAGES[2]}
    assert supported("Enquiries go to https://www.example.gov.hk/drugs [1].", sources, corpus_verifier)
    assert supported("Enquiries go to 2345 6789 [1].", sources, corpus_verifier)
    for contact in ("https://www.example.gov.hk/evil", "https://evil.example/apply", "evil.example/apply",
                    "ｅｖｉｌ．ｅｘａｍｐｌｅ", "drugs@evil.example", "+852 9876 5432"):
        check = corpus_verifier.check(f"Enquiries go to {contact} [1].", sources)
        assert not check.supported and any("contact" in p for p in check.problems), contact
    # A contact the corpus has, in a sentence citing another passage that supports the rest of it.
    assert supported("The HA will contact drug manufacturers at 2345 6789 [1].", {1: PASSAGES[2]}, corpus_verifier)
    assert supported("The HA will set up an office at 2345 6789 [1].", {1: PASSAGES[1]}, corpus_verifier)
    assert not supported("The HA will set up an office at 2345 6789 [1].", {1: PASSAGES[1]})  # corpus unknown


def test_an_acronym_the_corpus_defines_counts_in_both_forms():
    assert supported("The Hospital Authority will contact drug manufacturers [1].", {1: PASSAGES[2]}, corpus_verifier)
    assert not supported("The Hospital Authority will contact drug manufacturers [1].", {1: PASSAGES[2]})


def test_names_joined_by_and_or_possessive_are_each_checked():
    sources = {1: "The Hong Kong Monetary Authority (HKMA) and Cyberport run the sandbox for the Transport "
                  "Department (TD)."}
    assert supported("The Hong Kong Monetary Authority and Cyberport run the sandbox [1].", sources)
    assert supported("The sandbox is run for the Transport Department's needs by the HKMA [1].", sources)
    assert not supported("The Hong Kong Monetary Authority and Cyberport and the Water Department run the sandbox [1].",
                         sources)


def test_a_streamed_answer_keeps_the_words_of_later_sentences_apart(openai_assistant, fake_openai):
    from tests.fake_openai import Reply

    fake_openai.script = [Reply(content="The AI Subsidy Scheme has $3 billion [1]. The AI Subsidy Scheme supports "
                                        "local institutions [1].")]
    answer = openai_assistant.ask("How much money is in the AI Subsidy Scheme?")
    assert answer.answer == ("The AI Subsidy Scheme has $3 billion [1]. The AI Subsidy Scheme supports local "
                             "institutions [1].")
