"""Step ``finish``: who wrote the answer, the premise note first, degraded when the chosen backend could not
start, and into the cache when it may be kept."""

from assistant.answer.cache import AnswerCache
from assistant.answer.steps import Finish
from assistant.types import Answer


def test_the_answer_says_who_wrote_it_and_what_was_searched(context):
    run = context("What is CorpID?")
    run.end(Answer(answer="CorpID is ... [1]."))
    run.note = "The document does not state the amount given in your question; here is what it does say."
    Finish(AnswerCache(4)).run(run)
    assert run.answer.backend == "scripted" and run.answer.query == "What is CorpID?"
    assert run.answer.answer.startswith("The document does not state the amount") and not run.answer.degraded


def test_an_unavailable_backend_flags_the_answer_degraded_but_not_a_refusal(context):
    for refused in (False, True):
        run = context("What is CorpID?")
        run.unavailable = "The local backend could not answer (not installed)."
        run.end(Answer(answer="text", refused=refused))
        Finish(AnswerCache(4)).run(run)
        assert run.answer.degraded is not refused and (run.answer.reason is None) is refused


def test_a_routed_answer_keeps_its_own_backend_and_a_cached_one_is_sent_as_it_was(context):
    routed = context("What funding could my start-up get?")
    routed.unavailable = "The local backend could not answer."
    routed.end(Answer(answer="These measures ...", backend="extractive"), routed=True)
    Finish(AnswerCache(4)).run(routed)
    assert routed.answer.backend == "extractive" and not routed.answer.degraded
    cached = context("What is CorpID?")
    stored = Answer(answer="CorpID ...", backend="extractive", query="stored query")
    cached.end(stored, cached=True)
    Finish(AnswerCache(4)).run(cached)
    assert cached.answer is stored


def test_an_answer_with_a_key_is_cached_unless_degraded(context):
    answers = AnswerCache(4)
    for degraded in (True, False):
        run = context("What is CorpID?")
        run.cache_key = f"key-{degraded}"
        run.end(Answer(answer="text", degraded=degraded))
        Finish(answers).run(run)
    assert answers.get("key-True") is None and answers.get("key-False")[1].answer == "text"
