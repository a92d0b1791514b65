"""The reader against a table of labelled questions (readings.yaml): every field of every reading.

A question's language forms come from assistant/query/forms/; an entry marked ``xfail`` is a reading the
heuristics get wrong today, and the mark says why.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.query.forms import TABLES, forms_for, language_of
from assistant.query.reading import Reading, asks_who_is_responsible, read_question
from assistant.types import Turn

TABLE = Path(__file__).with_name("readings.yaml")
ENTRIES = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
NEUTRAL = {"language": "en", "detail": None, "opinion": False, "follow_up": False, "support": False,
           "business": None, "size": None, "amounts": [], "years": []}
FIELDS = set(NEUTRAL) | {"standalone"}


def expected(entry: dict) -> dict:
    return {**NEUTRAL, "standalone": entry["question"],
            **{k: v for k, v in entry.items() if k in FIELDS}}


def observed(reading: Reading) -> dict:
    return {**{k: getattr(reading, k) for k in FIELDS}, "amounts": list(reading.amounts),
            "years": list(reading.years)}


def cases():
    for entry in ENTRIES:
        marks = [pytest.mark.xfail(reason=entry["xfail"], strict=True)] if entry.get("xfail") else []
        yield pytest.param(entry, marks=marks, id=entry["question"][:60])


def test_the_table_is_large_and_covers_every_field():
    assert len(ENTRIES) >= 150
    for field, neutral in NEUTRAL.items():
        assert any(entry.get(field, neutral) != neutral for entry in ENTRIES), field
    assert all(set(entry) <= FIELDS | {"question", "history", "xfail"} for entry in ENTRIES)
    assert len({e["question"] for e in ENTRIES if not e.get("history")}) == sum(not e.get("history") for e in ENTRIES)


@pytest.mark.parametrize("entry", cases())
def test_a_question_is_read_as_labelled(entry):
    history = [Turn(**turn) for turn in entry.get("history", [])]
    assert observed(read_question(entry["question"], history)) == expected(entry)


def test_every_language_has_a_table_and_english_reads_every_question():
    assert set(TABLES) == {"en", "zh"}
    assert [f.language for f in forms_for("Who runs CorpID?")] == ["en"]
    assert [f.language for f in forms_for("CorpID 由邊個負責?")] == ["en", "zh"]
    assert language_of("CorpID 由邊個負責?") == "zh"


@pytest.mark.parametrize("question", ["What fuel industry is planned for aviation, and who leads it?",
                                      "Which bureau is behind the construction robots policy?",
                                      "Who is in charge of the preferential packages?",
                                      "Which department runs the flood-watching AI model?",
                                      "Who's in charge of the hydrogen strategy?", "Who will lead the task force?",
                                      "可持續航空燃料由邊個政策局負責？", "邊個部門牽頭推動建築機械人？",
                                      "呢個計劃邊個負責？", "负责的部门是哪个？", "主責部門係邊個？"])
def test_a_question_asking_who_is_responsible_is_recognised(question):
    assert asks_who_is_responsible(question)


@pytest.mark.parametrize("question", ["Who can apply for the AI Subsidy Scheme?", "Who is eligible for NIAS?",
                                      "Which companies have had projects approved?", "Who will benefit from it?",
                                      "邊啲公司可以申請？", "咩人可以申請呢個計劃？", "首個公共加氫站喺邊處？",
                                      "呢個計劃有咩局限？"])
def test_a_question_about_who_benefits_is_not_one_about_who_is_responsible(question):
    assert not asks_who_is_responsible(question)
