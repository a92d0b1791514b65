"""Turn a follow-up question into a standalone query by carrying the earlier turns' subject.

This is the rule the extractive backend uses (LLM backends condense through ``prompts/condense.j2`` and
fall back to this rule when they fail). A question that points back ("it", "that", "and the deadline?")
is prefixed with the earlier user questions it depends on, back to the first one that stood alone. "It"
often names what the latest answer found rather than what was asked ("Any land for data centres?" "A site
at Sandy Ridge..." "How big is it?"), so the names in that answer's first cited sentence go with the new
question. Whole answer sentences would pull retrieval back to the passage already cited even when the
follow-up asks about the next one; names point at the subject without that weight. The kind of detail
asked for is still read from the new question alone.

>>> history = [Turn(role="user", content="Is the government offering any land for data centres?"),
...            Turn(role="assistant", content="Yes. A site at Sandy Ridge will be put up for tender [1].")]
>>> standalone_question("How big is it?", history)
'Is the government offering any land for data centres? How big is it (Sandy Ridge)?'
>>> standalone_question("What is CorpID?", history)
'What is CorpID?'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.query.forms import forms_for, zh
from assistant.text.chinese import HAN
from assistant.text.markers import parse_markers
from assistant.text.patterns import ACRONYM, MULTI_WORD_NAME
from assistant.text.sentences import split_sentences
from assistant.text.tokens import tokenize
from assistant.types import Turn

# Two words of a name or more, or an acronym: a question naming one stands alone.
_NAME = re.compile(f"{MULTI_WORD_NAME}|{ACRONYM}")
# A question with at most this many topic words cannot stand alone ("And the budget?").
_SHORT_QUESTION_WORDS = 2
# Earlier questions carried at most: a long conversation's first turns rarely matter to the latest.
_MAX_CARRIED = 3
# A question and its closing punctuation; the names go in between. Questions may span lines.
_CLOSING_PUNCTUATION = re.compile(r"(.*?)([.?!。？！]*)", re.DOTALL)


def looks_like_follow_up(question: str) -> bool:
    """Whether ``question`` points back to an earlier turn rather than standing alone."""
    if any(f.continuation.search(question) or f.reference.search(question) for f in forms_for(question)):
        return True
    return _topic_words(question) <= _SHORT_QUESTION_WORDS and not _NAME.search(question)


def _topic_words(question: str) -> int:
    """The question's topic words: its search tokens, with Chinese counted as words rather than character pairs."""
    return len(tokenize(HAN.sub(" ", question))) + zh.topic_words(question)


def standalone_question(question: str, history: Sequence[Turn]) -> str:
    """``question`` with the earlier questions it depends on before it, and the latest answer's names after.

    A question that stands alone comes back unchanged.
    """
    if not looks_like_follow_up(question):
        return question
    carried: list[str] = []
    for turn in reversed(history):
        if turn.role != "user" or not turn.content.strip():
            continue
        carried.insert(0, turn.content.strip())
        if not looks_like_follow_up(turn.content) or len(carried) == _MAX_CARRIED:
            break
    if not carried:
        return question
    names = [n for n in answered_names(history) if n.lower() not in " ".join(carried).lower()]
    if names:
        stem, end = _CLOSING_PUNCTUATION.fullmatch(question.strip()).groups()
        question = f"{stem} ({'; '.join(names)}){end}"
    return " ".join([*carried, question])


def answered_names(history: Sequence[Turn]) -> list[str]:
    """The names in the first cited sentence of the answer that ends ``history``.

    A cited sentence is the document's content, where a refusal or a greeting has none; the first one
    states the subject, later ones add details and who is responsible.
    """
    if not history or history[-1].role != "assistant":
        return []
    lead = next((s for s in split_sentences(history[-1].content) if parse_markers(s)), "")
    names = (_without_leading_stopwords(m.group()) for m in _NAME.finditer(lead))
    return list(dict.fromkeys(n for n in names if n))


def _without_leading_stopwords(name: str) -> str:
    """"The Hong Kong AI Research..." → "Hong Kong AI Research...": a capital can just start a sentence."""
    words = name.split()
    while words and not tokenize(words[0]):
        words.pop(0)
    return " ".join(words)
