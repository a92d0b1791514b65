"""Newer policy wins: the newest version of a figure comes first, and the answer says as of which document."""

import pytest

from assistant.config import Settings
from assistant.index.loaded import PolicyIndex
from assistant.ingest.chunking import Chunk
from assistant.retrieval import Filters, Passage, asked_periods, prefer_newer, superseded
from assistant.service import Assistant, index_builder

STATS = """---
title: Fund Statistics (as at {date})
date: {date}
---

# Fund Statistics

## Approved Projects

| Programme | Approved Projects | Funds Approved |
| --- | --- | --- |
| Harbour Support Programme | {projects} | {funds} |
| Island Voucher Programme | 12 | 3.1 |
"""


@pytest.fixture(scope="module")
def dated(tmp_path_factory, embedder):
    corpus = tmp_path_factory.mktemp("dated")
    rows = (("old", "2016-11-30", "2268", "9,462.5"), ("mid", "2016-12-31", "2279", "9,482.4"),
            ("new", "2017-04-30", "2406", "9,878.3"))
    for name, date, projects, funds in rows:
        (corpus / f"{name}.md").write_text(STATS.format(date=date, projects=projects, funds=funds))
    settings = Settings(corpus_dir=corpus, index_dir=corpus.parent / f"{corpus.name}-index")
    index_builder(settings, embedder).build()
    return Assistant(settings, PolicyIndex.load(settings), embedder)


def test_the_newest_version_of_a_row_comes_first_whatever_the_order_it_was_found_in(dated):
    passages = dated.search("How many Harbour Support Programme projects were approved?", k=3)
    assert [p.chunk.document_date for p in passages] == ["2017-04-30", "2016-12-31", "2016-11-30"]
    assert "2406" in passages[0].chunk.text


def test_the_answer_gives_the_newest_figure_and_says_as_of_which_document(dated):
    answer = dated.ask("How many projects has the Harbour Support Programme had approved?")
    assert not answer.refused
    assert answer.answer.startswith("As of Fund Statistics (as at 2017-04-30) (2017-04-30)")
    assert "superseding the figures of 2016-12-31 and 2016-11-30" in answer.answer and "2406" in answer.answer
    assert "2279" not in answer.answer and "2268" not in answer.answer
    assert [c.document_date for c in answer.citations] == ["2017-04-30"]
    first = answer.citations[0]
    assert first.document_date == "2017-04-30" and first.document_title == "Fund Statistics (as at 2017-04-30)"


def test_a_document_filter_keeps_to_that_document(dated):
    answer = dated.ask("How many projects has the Harbour Support Programme had approved?",
                       filters=Filters(document="old"))
    assert answer.citations and all(c.document_date == "2016-11-30" for c in answer.citations)
    assert "As of" not in answer.answer


def _passage(row, doc_id, date, text):
    chunk = Chunk(id=str(row), doc_id=doc_id, section=("S",), text=text, bureaux=(), sentences=(text,),
                  document_date=date)
    return Passage(chunk, row, 1.0 / (row + 1), None, None)


def test_undated_versions_and_different_statements_keep_their_order():
    old = _passage(0, "a", "2016-01-01", "The Harbour Scheme gives shops up to $40,000 each.")
    undated = _passage(1, "b", None, "The Harbour Scheme gives shops up to $60,000 each.")
    other = _passage(2, "c", "2020-01-01", "The Island Voucher covers ferry fares for pensioners.")
    assert [p.row for p in prefer_newer([old, undated, other])] == [0, 1, 2]
    newer = _passage(3, "d", "2018-01-01", "The Harbour Scheme gives shops up to $60,000 each.")
    assert [p.row for p in prefer_newer([old, other, newer])] == [3, 0, 2]


def test_another_documents_passage_on_the_same_named_measure_may_give_the_detail(tmp_path, embedder):
    (tmp_path / "plan.md").write_text("# Plan\n\n## Research\n\n- Establish the Harbour Research Institute in 2026.\n")
    (tmp_path / "speech.md").write_text("# Speech\n\n## Money\n\n12. We have earmarked $1 billion for the Harbour "
                                        "Research Institute.\n\n13. We will spend $5 million on the Island Library.\n")
    settings = Settings(corpus_dir=tmp_path, index_dir=tmp_path.parent / f"{tmp_path.name}-index")
    index_builder(settings, embedder).build()
    assistant = Assistant(settings, PolicyIndex.load(settings), embedder)
    question = "How much money is set aside for the Harbour Research Institute?"
    vectors, passages = assistant.retrieve(question, 3)
    plan_first = sorted(passages, key=lambda p: p.chunk.doc_id != "plan")
    chosen = assistant.composer.select(question, vectors, plan_first, "amount")
    assert chosen and "$1 billion" in chosen[0].sentence
    library = [p for p in passages if "Library" in p.chunk.text]
    assert library  # the other document names another measure: its amount is not the one asked for
    assert assistant.composer.select(question, vectors, [plan_first[0], *library], "amount") == []


def test_a_question_that_names_a_year_asks_for_that_years_version():
    old = _passage(0, "a", "2016-11-30", "The Harbour Scheme had approved 22 projects.")
    newer = _passage(1, "b", "2017-04-30", "The Harbour Scheme had approved 24 projects.")
    assert [p.row for p in prefer_newer([old, newer])] == [1, 0]
    assert [p.row for p in prefer_newer([old, newer], frozenset({"2016"}))] == [0, 1]
    assert superseded([old, newer]) == {0} and superseded([old, newer], frozenset({"2016"})) == set()
    # A year the passages state themselves ("since April 2016") picks no version.
    since_old = _passage(0, "a", "2016-11-30", "The Harbour Scheme (since April 2016) had approved 22 projects.")
    since_new = _passage(1, "b", "2017-04-30", "The Harbour Scheme (since April 2016) had approved 24 projects.")
    assert [p.row for p in prefer_newer([since_old, since_new], frozenset({"2016"}))] == [1, 0]
    assert superseded([since_old, since_new], frozenset({"2016"})) == {0}


def test_a_question_that_names_a_month_asks_for_that_months_version():
    november = _passage(0, "a", "2016-11-30", "The Harbour Scheme had approved 22 projects.")
    december = _passage(1, "b", "2016-12-31", "The Harbour Scheme had approved 23 projects.")
    april = _passage(2, "c", "2017-04-30", "The Harbour Scheme had approved 24 projects.")
    asked = asked_periods("In the November 2016 statistics, how many projects had the Harbour Scheme approved?")
    assert [p.row for p in prefer_newer([april, december, november], asked)] == [0, 2, 1]
    assert superseded([november, december, april], asked) == {1}
