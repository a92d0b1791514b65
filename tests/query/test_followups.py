"""The follow-up rule: which earlier turns a question that points back carries, and what it leaves out."""

from __future__ import annotations

from assistant.query.followups import answered_names, looks_like_follow_up, standalone_question
from assistant.types import Turn


def conversation(question: str, answer: str) -> list[Turn]:
    return [Turn(role="user", content=question), Turn(role="assistant", content=answer)]


def test_a_question_that_stands_alone_is_unchanged():
    history = conversation("What is the Sandy Ridge site for?", "A data facility cluster [1].")
    assert standalone_question("Which bureau runs the AI Subsidy Scheme?", history) == \
        "Which bureau runs the AI Subsidy Scheme?"


def test_a_follow_up_carries_the_earlier_question_and_the_names_the_answer_found():
    history = conversation("Will drones be used by emergency services?",
                           "The Fire Services Department will introduce drones with higher payload capacity [1]. "
                           "Responsible: Security Bureau (SB) [1].")
    assert standalone_question("When will they get them?", history) == \
        "Will drones be used by emergency services? When will they get them (Fire Services Department)?"


def test_only_cited_sentences_give_names():
    refusal = conversation("Is there a Quantum Computing Fund?",
                           "The document does not answer this. Closest topics: Mobilise capital for AI investment.")
    assert answered_names(refusal) == []
    assert standalone_question("How much is it?", refusal) == "Is there a Quantum Computing Fund? How much is it?"


def test_names_already_asked_about_are_not_repeated():
    history = conversation("How much is the AI Subsidy Scheme?", "The AI Subsidy Scheme has $3 billion [1].")
    assert standalone_question("Which bureau runs it?", history) == \
        "How much is the AI Subsidy Scheme? Which bureau runs it?"


def test_names_come_only_from_the_latest_answer():
    history = [*conversation("What is CorpID?", "The CorpID Platform is the Digital Corporate Identity [1]."),
               Turn(role="user", content="When does it launch?")]
    assert answered_names(history) == []


def test_a_sentence_start_is_not_part_of_a_name():
    history = conversation("Who will build the new institute?",
                           "The Hong Kong AI Research and Development Institute will be set up [1].")
    assert answered_names(history) == ["Hong Kong AI Research and Development Institute"]


def test_what_counts_as_pointing_back():
    assert looks_like_follow_up("And the deadline?")
    assert looks_like_follow_up("Which bureau runs it?")
    assert not looks_like_follow_up("Which bureau runs the New Industrialisation Acceleration Scheme?")


def test_a_question_over_several_lines_keeps_its_lines_and_gets_the_names():
    history = conversation("Any land for data centres?", "A site at Sandy Ridge will be put up for tender [1].")
    assert standalone_question("How big\nis it?", history) == "Any land for data centres? How big\nis it (Sandy Ridge)?"


def test_a_multi_line_follow_up_over_http(client):
    history = [{"role": "user", "content": "Is the government offering any land for data centres?"},
               {"role": "assistant", "content": "A site at Sandy Ridge will be put up for tender [1]."}]
    response = client.post("/api/ask", json={"question": "How big\nis it?", "history": history})
    assert response.status_code == 200 and "10-hectare" in response.json()["answer"]
