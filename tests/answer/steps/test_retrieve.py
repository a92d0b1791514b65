"""Step ``retrieve``: one vector per phrasing of the query, and the best passages, dense and BM25 fused."""

from assistant.answer.events import VectorsWanted
from assistant.answer.steps import Retrieve


def test_the_query_is_embedded_and_searched(assistant, context):
    run = context("My bike was stolen. Can I report it without filling in forms?")
    step = Retrieve(assistant.queries, assistant.retriever, top_k=3)
    events = list(step.run(run))  # the caller ignores the request for vectors: the step embeds
    assert [type(e) for e in events] == [VectorsWanted] and events[0].vectors is None
    assert run.vectors.shape[0] == 3  # the question and each of its two sentences
    assert len(run.passages) == 3 and "Police" in run.passages[0].chunk.text


def test_vectors_the_caller_fills_in_are_used_and_not_embedded_again(assistant, context):
    question = "My bike was stolen. Can I report it without filling in forms?"
    step = Retrieve(assistant.queries, assistant.retriever, top_k=3)
    embedded = assistant.queries.embedded
    run = context(question)
    steps = step.run(run)
    wanted = next(steps)
    assert wanted.texts[0] == question and len(wanted.texts) == 3
    wanted.vectors = assistant.embedder.encode(wanted.texts)
    assert list(steps) == []
    assert assistant.queries.embedded == embedded and run.vectors is wanted.vectors
    assert "Police" in run.passages[0].chunk.text
