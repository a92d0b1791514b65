"""Orderings of the fused ranking that its scores alone get wrong.

A measure's own bullet or table row before another document's prose that restates it (:func:`prefer_specific`);
the passage that gives the detail asked for ("when", "how much") before one that does not
(:func:`prefer_detail`); for a question asking who is responsible, a passage with bureau tags
(:func:`prefer_tagged`). Each moves a passage only within a group or a margin of scores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from assistant.ingest.chunking import Chunk
from assistant.query.details import gives_detail
from assistant.retrieval.passages import Passage, groups
from assistant.text.tokens import tokenize

#: Share of the shorter passage's content words (stemmed, stop words dropped) the longer one must contain to
#: restate it. The shorter passage needs this many content words, and this share of the longer one's: a
#: five-word bullet or a paragraph that lists many measures restates nothing in particular.
RESTATEMENT_OVERLAP = 0.5
RESTATEMENT_MIN_WORDS = 8
RESTATEMENT_LENGTH_RATIO = 0.4


@lru_cache(maxsize=65536)
def _content_terms(text: str) -> frozenset[str]:
    """A passage's stemmed content words: "establishment" and "establish" are one term, "the" none."""
    return frozenset(t for t in tokenize(text) if len(t) > 1 and t.isalpha())


def restates(a: Chunk, b: Chunk) -> bool:
    """Whether a prose passage restates a structured one (a measure's bullet, a table row) of another document.

    Most of the shorter passage's content words recur in the longer one: a speech paragraph that restates a
    measure's bullet, a press release that repeats a scheme's description. Words are compared stemmed and
    without stop words, so that a restatement's inflections count ("the establishment of the Institute"
    restates "Establish the Institute") and shared function words do not.
    """
    if a.doc_id == b.doc_id or (a.kind == "paragraph") == (b.kind == "paragraph"):
        return False
    words_a, words_b = _content_terms(a.text), _content_terms(b.text)
    shorter, longer = sorted((words_a, words_b), key=len)
    if len(shorter) < RESTATEMENT_MIN_WORDS or len(shorter) < RESTATEMENT_LENGTH_RATIO * len(longer):
        return False
    return len(words_a & words_b) / len(shorter) >= RESTATEMENT_OVERLAP


def prefer_specific(passages: list[Passage], detail: str | None = None, question: str = "") -> list[Passage]:
    """A measure's own bullet or table row before the prose of another document that restates it.

    The restating paragraph stays right after it, so its wording (and any detail only it gives) is at hand.
    A question that asks for a ``detail`` (an amount, a date: :func:`assistant.query.details.gives_detail`)
    is answered by the version that gives it: a speech paragraph with the measure's budget goes before the
    measure's bullet without one. The passage that leads a group takes the group's best score: it was found
    as the statement the others restate, and later steps (:func:`prefer_detail`) compare scores.
    """
    def order(passage: Passage) -> tuple[bool, bool]:
        return bool(detail) and not _gives(passage, detail, question), passage.chunk.kind == "paragraph"

    result: list[Passage] = []
    for group in groups(passages, restates):
        if len(group) > 1:
            lead, *rest = sorted(group, key=order)
            group = [replace(lead, score=group[0].score), *rest]  # the group is in rank order: its first scored best
        result += group
    return result


def prefer_detail(passages: list[Passage], detail: str, question: str, margin: float) -> list[Passage]:
    """The best passage giving the ``detail`` asked for first, if the best one lacks it and it is within ``margin``.

    "When is the new AI research institute going to be set up?": a speech paragraph on AI talent that names the
    institute led the measure's bullet with its year; a passage that gives no date cannot answer "when".

    >>> chunk = lambda text: Chunk("c", "d", (), text, (), (text,))
    >>> talent, institute = Passage(chunk("Set up the Institute."), 0, 0.9, None, None), Passage(
    ...     chunk("Establish the Institute in 2026."), 1, 0.8, None, None)
    >>> [p.row for p in prefer_detail([talent, institute], "date", "When?", 0.2)]
    [1, 0]
    >>> [p.row for p in prefer_detail([talent, institute], "date", "When?", 0.05)]
    [0, 1]
    """
    return _lift(passages, lambda p: _gives(p, detail, question), margin)


def prefer_tagged(passages: list[Passage], margin: float) -> list[Passage]:
    """The best passage that names its bureaux first, if the best one names none and it is within ``margin``.

    For a question asking who is responsible: a measure's bureau tags ("(EEB, TLB)") are what the document says
    about who runs it, and a background paragraph on the same topic carries none. A corpus without tags is left
    as it is.

    >>> tagged = lambda text, bureaux: Chunk("c", "d", (), text, bureaux, (text,))
    >>> background, measure = Passage(tagged("Promote new energy.", ()), 0, 0.9, None, None), Passage(
    ...     tagged("Build a fuel industry chain.", ("EEB",)), 1, 0.8, None, None)
    >>> [p.row for p in prefer_tagged([background, measure], 0.2)]
    [1, 0]
    >>> [p.row for p in prefer_tagged([background, measure], 0.05)]
    [0, 1]
    """
    return _lift(passages, lambda p: bool(p.chunk.bureaux), margin)


def _lift(passages: list[Passage], fits: Callable[[Passage], bool], margin: float) -> list[Passage]:
    """The best passage that ``fits`` first, if the best one does not and it is within ``margin`` of its score."""
    if not passages or fits(passages[0]):
        return passages
    lead = next((p for p in passages[1:] if p.score >= passages[0].score - margin and fits(p)), None)
    return passages if lead is None else [lead] + [p for p in passages if p is not lead]


def _gives(passage: Passage, detail: str, question: str) -> bool:
    """Whether a sentence of ``passage`` gives the ``detail`` ``question`` asks for."""
    return any(gives_detail(detail, sentence, question) for sentence in passage.chunk.sentences)
