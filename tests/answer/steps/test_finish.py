"""Step ``finish``: who wrote the answer, the premise note first, degraded when the chosen backend could not
start, and into the cache when it may be kept."""

import pytest

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


def test_an_answer_about_a_measure_offers_its_bureaux_and_a_refusal_the_enquiry_line(context, tmp_path):
    from assistant.answer.next_steps import NextSteps
    from assistant.config import PROJECT_ROOT
    from assistant.types import Bureau, Citation

    steps = NextSteps.load(PROJECT_ROOT / "corpus" / "bureaux.yaml")
    itib = Bureau(code="ITIB", name="Innovation, Technology and Industry Bureau")
    cited = Citation(n=1, id="x", text="t", section="s", bureaux=[itib], score=1.0)
    answered = context("Who runs CorpID?")
    answered.end(Answer(answer="ITIB runs it [1].", citations=[cited]))
    Finish(AnswerCache(4), steps).run(answered)
    urls = [s.url for s in answered.answer.next_steps]
    assert urls and all(u.startswith("https://") for u in urls) and "itib.gov.hk" in urls[0]
    assert "tel:1823" not in urls  # a bureau answers for it: the general line is for anything else
    refused = context("What is the weather?")
    refused.end(Answer(answer="The document does not cover this.", refused=True))
    Finish(AnswerCache(4), steps).run(refused)
    assert "tel:1823" in [s.url for s in refused.answer.next_steps]
    unknown = Citation(n=1, id="y", text="t", section="s", bureaux=[Bureau(code="XB", name="X")], score=1.0)
    other = context("What is X?")
    other.end(Answer(answer="X [1].", citations=[unknown]))
    Finish(AnswerCache(4), steps).run(other)
    assert "tel:1823" in [s.url for s in other.answer.next_steps]
    chinese = context("誰負責CorpID？")
    chinese.end(Answer(answer="創新科技及工業局 [1]。", citations=[cited]))
    Finish(AnswerCache(4), steps).run(chinese)
    assert chinese.answer.next_steps[0].label.startswith("創新科技及工業局")
    broken = tmp_path / "bureaux.yaml"
    broken.write_text("ITIB:\n  website: https://example.org/\n", encoding="utf-8")
    with pytest.raises(ValueError, match="has no name"):
        NextSteps.load(broken)
