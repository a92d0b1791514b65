"""Step ``translate``: a Chinese question is searched with its English query; an English one is left alone."""

from assistant.answer.steps import Retrieve, Translate


def test_a_chinese_question_gets_the_english_names_and_words(assistant, context):
    run = context("首個公共加氫站喺邊度？")
    Translate(assistant.translator).run(run)
    assert "hydrogen" in run.query and "where" in run.query
    assert "加氫" not in run.query  # English documents: the Chinese words would only dilute the query


def test_the_english_query_finds_the_passage(assistant, context):
    run = context("數碼港人工智能超算中心幾時提升算力？")
    Translate(assistant.translator).run(run)
    list(Retrieve(assistant.queries, assistant.retriever, top_k=1).run(run))
    assert "Supercomputing Centre" in run.passages[0].chunk.text


def test_an_english_question_is_not_touched(assistant, context):
    run = context("When will the CorpID Platform launch?")
    Translate(assistant.translator).run(run)
    assert run.query == "When will the CorpID Platform launch?"


def test_with_chinese_documents_the_question_keeps_its_own_words(assistant, context):
    run = context("CorpID平台幾時推出？")
    Translate(assistant.translator, chinese_documents=True).run(run)
    assert run.query.startswith("CorpID Platform when") and run.query.endswith("CorpID平台幾時推出？")


def test_a_question_naming_a_scheme_is_about_that_scheme_not_support_in_general(assistant, context):
    run = context("新型工業加速計劃得50億，我間廠想升級自動化夠唔夠分？")
    # The reader sees the Chinese name (assistant.query.forms.zh); once translated, the English one too.
    assert not run.reading.support
    Translate(assistant.translator).run(run)
    assert not run.reading.support and "New Industrialisation Acceleration Scheme" in run.query
    general = context("我哋係一間做物流嘅初創，想用AI，有咩資助？")
    Translate(assistant.translator).run(general)
    assert general.reading.support
