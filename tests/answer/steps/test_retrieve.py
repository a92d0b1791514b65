"""Step ``retrieve``: one vector per phrasing of the query, and the best passages, dense and BM25 fused."""

from assistant.answer.steps import Retrieve


def test_the_query_is_embedded_and_searched(assistant, context):
    run = context("My bike was stolen. Can I report it without filling in forms?")
    step = Retrieve(assistant.queries, assistant.retriever, top_k=3)
    assert list(step.run(run)) == []
    assert run.vectors.shape[0] == 3  # the question and each of its two sentences
    assert len(run.passages) == 3 and "Police" in run.passages[0].chunk.text
