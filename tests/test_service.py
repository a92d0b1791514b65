import re

from assistant.text.markers import cite


def test_answer_quotes_the_document_and_cites_it(assistant):
    answer = assistant.ask("How much money does the AI Subsidy Scheme have?")
    assert not answer.refused
    assert "$3 billion" in answer.answer
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers == {c.n for c in answer.citations}
    cited = answer.citations[0]
    assert "AI Subsidy Scheme" in cited.text and cited.bureaux[0].code == "ITIB"
    assert "Innovation, Technology and Industry Bureau" in answer.answer
    assert set(answer.timings) == {"screen", "cache", "read", "condense", "translate", "route", "retrieve", "plan",
                                   "draft", "premise_note", "as_of", "write", "finish", "total"}


def test_every_answer_sentence_comes_from_its_cited_passage(assistant):
    answer = assistant.ask("What will the Fire Services Department get to improve search and rescue?")
    by_number = {c.n: c.text for c in answer.citations}
    for sentence, n in re.findall(r"(.+?) \[(\d+)\][.!?]?(?: |$)", answer.answer):
        if sentence.startswith("Responsible:"):
            continue
        assert sentence.strip() in by_number[int(n)]


def test_off_topic_question_is_refused_without_unrelated_topics(assistant):
    answer = assistant.ask("What is a good recipe for chocolate cake?")
    assert answer.refused and answer.reason == "not_in_document"
    assert answer.citations == [] and answer.topics == []
    assert "does not answer" in answer.answer


def test_a_refusal_names_the_nearest_topics(assistant):
    answer = assistant.ask("What is the name of the European company that will recycle aircraft in Hong Kong?")
    assert answer.refused and answer.topics and all(t in answer.answer for t in answer.topics)


def test_question_for_a_detail_the_document_lacks_is_refused(assistant):
    answer = assistant.ask("How much funding does the Construction Innovation and Technology Fund have?")
    assert answer.refused and answer.reason == "missing_detail"
    assert "does not give an amount" in answer.answer


def test_cite_places_the_marker_before_the_final_stop():
    assert cite("The fund opens in 2026.", 2) == "The fund opens in 2026 [2]."
    assert cite("No stop", 1) == "No stop [1]."
