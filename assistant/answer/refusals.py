"""A refusal as an answer: why the document does not answer, and the nearest topics it does cover.

A topic is offered only when it shares something with the question: a heading under a chapter when its
passage shares a topic word with the question, a chapter's own heading ("Background", "Formulate
Preferential Policy Packages ...") only when the heading itself does. When no passage shares anything, no
topic is offered and the refusal says so, rather than listing headings that have nothing to do with it.

>>> refusal(prompts, "not_in_document", passages, question="Is there a hydrogen bus fund?").topics  # doctest: +SKIP
['Promote the development of new energy industry']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from assistant.answer.prompts import PromptBuilder
from assistant.query.followups import topic_words
from assistant.retrieval import Passage
from assistant.text.tokens import tokenize
from assistant.types import Answer

#: Nearest topics a refusal names at most.
TOPICS = 3
#: A section path this long or shorter ends at a chapter: the document's title, then the chapter's heading.
CHAPTER_DEPTH = 2
#: From this many passages on, a word most of them share is common to the document, not a sign of a topic.
_SEVERAL = 3


def refusal(prompts: PromptBuilder, reason: str, passages: Sequence[Passage], detail: str = "",
            question: str = "", near: float = 0.0, language: str = "en") -> Answer:
    """The refusal for ``reason`` in ``language``, naming the headings of ``passages`` sharing words with ``question``.

    Only passages at least ``near`` similar to the question count: below it a shared word is a coincidence
    ("the last football World Cup" and "connecting with ... the world").
    """
    close = [p for p in passages if (p.dense_score or 0.0) >= near]
    topics = related_topics(question, close, passages) if question else []
    return Answer(answer=prompts.refusal(reason, topics, detail, language), refused=True, reason=reason,
                  topics=topics, grounded=1.0)


def related_topics(question: str, passages: Sequence[Passage], retrieved: Sequence[Passage] = ()) -> list[str]:
    """The headings of ``passages`` (nearest first) that have something in common with ``question``.

    A word most of several passages have ("Hong Kong" in a document about Hong Kong) is shared with any
    question about the place, so it says nothing about which topic is near. Which words are that common is
    judged over every ``retrieved`` passage (default: ``passages``), not only the near ones offered.
    """
    shown = [_shown_words(p) for p in passages]
    judged = [_shown_words(p) for p in retrieved] if retrieved else shown
    counts = Counter(word for words in judged for word in words)
    common = {w for w, n in counts.items() if n > len(judged) / 2} if len(judged) >= _SEVERAL else set()
    wanted = set(topic_words(question)) - common
    topics = [p.chunk.section[-1] for p, words in zip(passages, shown, strict=True) if wanted & words]
    return list(dict.fromkeys(topics))[:TOPICS]


def _shown_words(passage: Passage) -> set[str]:
    """The words a passage's topic is judged by: a chapter's heading alone; a heading under it with its text."""
    section = passage.chunk.section
    if not section:
        return set()
    return set(tokenize(section[-1] if len(section) <= CHAPTER_DEPTH else f"{section[-1]} {passage.chunk.text}"))
