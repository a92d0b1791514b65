"""The verifier on the labelled set eval/verification/sentences.yaml: supported sentences kept, injected dropped.

The bars sit a little below what the verifier achieves (eval/verification_report.py prints it): 193
supported sentences, 0.933 kept; 228 unsupported ones, 0.996 dropped (links, e-mail addresses, phone
numbers, negations, cancellations, instructions and defamation all of them, every other kind at least
0.95); precision of the "supported" verdicts 0.994. Three more supported sentences dropped fail the bar,
and so does one more injected sentence kept.
"""

import pytest

from assistant.config import PROJECT_ROOT
from assistant.evaluation.verification_set import Scores, corpus_chunks, load_labelled, measure, service_verifier

SET = PROJECT_ROOT / "eval" / "verification" / "sentences.yaml"
KINDS = {"link", "email", "phone", "negation", "cancellation", "instruction", "defamation", "extension", "figure",
         "date", "bureau", "name", "unrelated"}


@pytest.fixture(scope="module")
def labelled(settings):
    chunks, bureaux = corpus_chunks(settings)
    return chunks, load_labelled(SET, chunks, bureaux)


@pytest.fixture(scope="module")
def scores(labelled) -> Scores:
    chunks, sentences = labelled
    return measure(service_verifier(chunks), sentences)


def test_the_set_is_large_and_covers_every_kind_of_injection(labelled):
    _, sentences = labelled
    assert sum(s.supported for s in sentences) >= 100
    assert sum(not s.supported for s in sentences) >= 100
    assert {s.kind for s in sentences if not s.supported} == KINDS


def test_injected_sentences_are_dropped(scores):
    wrongly_kept = [s.text for s, _ in scores.mistakes if not s.supported]
    assert scores.dropped >= 0.99, wrongly_kept
    assert scores.precision >= 0.99, wrongly_kept


def test_every_kind_of_injection_is_dropped(scores):
    assert min(scores.dropped_by_kind.values()) >= 0.94, scores.dropped_by_kind
    for kind in ("link", "email", "phone", "negation", "cancellation", "instruction", "defamation"):
        assert scores.dropped_by_kind[kind] == 1.0, kind


def test_supported_sentences_are_kept(scores):
    wrongly_dropped = [(s.text, problems) for s, problems in scores.mistakes if s.supported]
    assert scores.kept >= 0.92, wrongly_dropped


def test_a_verifier_that_ignored_content_words_would_fail_the_set(labelled):
    # A check that lets paraphrase words be any words, not only the corpus's generic ones, misses the bar.
    chunks, sentences = labelled
    assert measure(service_verifier(chunks, budget=3, generic_share=0.0), sentences).dropped < 0.9
