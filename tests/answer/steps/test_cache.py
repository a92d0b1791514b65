"""Step ``cache``: a cacheable answer is looked up; a hit is replayed as events and ends the run."""

from assistant.answer.cache import AnswerCache
from assistant.answer.events import DeltaEvent, SourcesEvent
from assistant.answer.steps import Cache
from assistant.types import Answer, Citation

SOURCE = Citation(n=1, id="c1", text="The passage.", section="S", score=0.5)


def test_a_miss_sets_the_key_and_goes_on(context):
    run = context("What is CorpID?")
    assert list(Cache(AnswerCache(4)).run(run)) == [] and run.cache_key and not run.ended


def test_a_hit_replays_sources_and_text_and_ends_the_run(context):
    answers = AnswerCache(4)
    first = context("What is CorpID?")
    list(Cache(answers).run(first))
    answers.put(first.cache_key, [SOURCE], Answer(answer="CorpID is ... [1].", citations=[SOURCE]))
    run = context("What is CorpID?")
    events = list(Cache(answers).run(run))
    assert events == [SourcesEvent([SOURCE]), DeltaEvent("CorpID is ... [1].")]
    assert run.ended and run.cached


def test_a_cached_refusal_sends_no_text(context):
    answers = AnswerCache(4)
    run = context("Who won the World Cup?")
    list(Cache(answers).run(run))
    answers.put(run.cache_key, [], Answer(answer="The document does not answer this.", refused=True))
    again = context("Who won the World Cup?")
    assert list(Cache(answers).run(again)) == [] and again.ended


def test_a_generative_writer_or_an_unavailable_backend_is_never_cached(context, verified_writer):
    generated = context("What is CorpID?", writer=verified_writer)
    list(Cache(AnswerCache(4)).run(generated))
    standing_in = context("What is CorpID?")
    standing_in.unavailable = "the local backend could not start"
    list(Cache(AnswerCache(4)).run(standing_in))
    assert generated.cache_key is None and standing_in.cache_key is None
