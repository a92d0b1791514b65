"""Tell a follow-up from a question that stands alone, and turn a follow-up into a standalone query.

A follow-up is recognised by what it lacks, whatever came before it: it opens as a continuation ("and the
deadline?", "what about Cyberport?"), points back with a word that has nothing to refer to in the question
itself ("who runs it?", where "Who runs the CorpID Platform and when will it launch?" stands alone), or asks
about a detail without naming its subject ("What is the deadline?", but not "What is the minimum wage?").
A question that stands alone is answered on its own, whatever the conversation was about.

Turning a follow-up into a standalone query is the rule the extractive backend uses (LLM backends condense
through ``prompts/condense.j2`` and fall back to this rule when they fail). A follow-up is prefixed with the
earlier user questions it depends on, back to the first one that stood alone. "It" often names what the latest
answer found rather than what was asked ("Any land for data centres?" "A site at Sandy Ridge..." "How big is
it?"), so the names in that answer's first cited sentence go with the new question. Whole answer sentences
would pull retrieval back to the passage already cited even when the follow-up asks about the next one; names
point at the subject without that weight. The kind of detail asked for is still read from the new question
alone.

>>> history = [Turn(role="user", content="Is the government offering any land for data centres?"),
...            Turn(role="assistant", content="Yes. A site at Sandy Ridge will be put up for tender [1].")]
>>> standalone_question("How big is it?", history)
'Is the government offering any land for data centres? How big is it (Sandy Ridge)?'
>>> standalone_question("What is CorpID?", history)
'What is CorpID?'
>>> looks_like_follow_up("What is the minimum wage?"), looks_like_follow_up("What is the deadline?")
(False, True)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from assistant.query.forms import forms_for, zh
from assistant.query.forms.table import QuestionForms
from assistant.text.chinese import HAN
from assistant.text.markers import parse_markers
from assistant.text.patterns import ACRONYM, MULTI_WORD_NAME, NAME
from assistant.text.sentences import split_sentences
from assistant.text.tokens import tokenize
from assistant.types import Turn

# Two words of a name or more, or an acronym: a question naming one stands alone.
_NAME = re.compile(f"{MULTI_WORD_NAME}|{ACRONYM}")
_ANY_NAME = re.compile(NAME)
_FIRST_WORD = re.compile(r"^\W*\S+")
_CLAUSE_END = re.compile(r"[,;:.!?](?:\s|$)")
# A Chinese question with at most this many topic words cannot stand alone ("幾時推出招標？").
_SHORT_CHINESE_QUESTION_WORDS = 2
# Earlier questions carried at most: a long conversation's first turns rarely matter to the latest.
_MAX_CARRIED = 3
# A question and its closing punctuation; the names go in between. Questions may span lines.
_CLOSING_PUNCTUATION = re.compile(r"(.*?)([.?!。？！]*)", re.DOTALL)


@lru_cache(maxsize=4096)
def looks_like_follow_up(question: str) -> bool:
    """Whether ``question`` depends on an earlier turn rather than standing alone.

    Kept per text: a question is read more than once while it is answered, and a conversation's earlier
    questions again at every turn.
    """
    tables = forms_for(question)
    if any(f.continuation.search(question) or _points_back(question, f) for f in tables):
        return True
    return _lacks_subject(question, tables)


def _points_back(question: str, forms: QuestionForms) -> bool:
    """Whether a referring word ("it", "that", "the scheme") has nothing in the question itself to refer to."""
    for match in forms.reference.finditer(question):
        word, before, after = match.group(), question[:match.start()], question[match.end():]
        if forms.determiner.fullmatch(word) and _topic_words(" ".join(after.split()[:3]), [forms]):
            continue  # "these new street cameras": the noun phrase names its own subject
        if len(word.split()) > 1 and not _NAME.search(_FIRST_WORD.sub("", before)):
            return True  # "the fund": only a name earlier in the question says which fund
        if not _has_antecedent(before, forms, plural=bool(forms.plural_reference.fullmatch(word))):
            return True
    return False


def _has_antecedent(text: str, forms: QuestionForms, *, plural: bool) -> bool:
    """Whether ``text`` names something a later referring word can stand for: a name, or a noun with a topic."""
    # A capitalised word after the first is a name ("How much is Singapore spending on its ..."); "I" is not.
    if any(len(m.group()) > 1 for m in _ANY_NAME.finditer(_FIRST_WORD.sub("", text))):
        return True
    # "Which institute runs the trials, and which bureau oversees this?", "My bike got stolen. Can I report
    # it?": an earlier clause or sentence of the question is what the word refers to.
    clauses = _CLAUSE_END.split(text)
    if len(clauses) > 1 and _topic_words(" ".join(clauses[:-1]), [forms]):
        return True
    phrases = [*forms.antecedent.finditer(text), *(forms.plural_antecedent.finditer(text) if plural else ())]
    return any(_topic_words(match.group(), [forms]) for match in phrases)


def _lacks_subject(question: str, tables: Sequence[QuestionForms]) -> bool:
    """Whether ``question`` only asks about a detail ("When is the deadline?") and names no subject.

    Chinese has no spaces to find a subject by and often leaves it out ("幾時推出招標？"): there a question
    with at most two topic words (see :func:`zh.topic_words`) and no name depends on the conversation.
    """
    if HAN.search(question):
        chinese_words = len(tokenize(HAN.sub(" ", question))) + zh.topic_words(question)
        return chinese_words <= _SHORT_CHINESE_QUESTION_WORDS and not _NAME.search(question)
    return not _NAME.search(_FIRST_WORD.sub("", question)) and not _topic_words(question, tables)


def topic_words(text: str) -> list[str]:
    """The search tokens of ``text`` that carry its topic: "What is the minimum wage?" → ``['wage']``."""
    return _topic_words(text, forms_for(text))


def _topic_words(text: str, tables: Sequence[QuestionForms]) -> list[str]:
    """The words of ``text`` that carry a topic: neither stop words, nor details asked for, nor referring words."""
    for forms in tables:
        text = forms.reference.sub(" ", forms.attribute.sub(" ", text))
    return tokenize(text)


def standalone_question(question: str, history: Sequence[Turn]) -> str:
    """``question`` with the earlier questions it depends on before it, and the latest answer's names after.

    A question that stands alone, or that has no earlier question to lean on, comes back unchanged.
    """
    if not any(turn.role == "user" for turn in history) or not looks_like_follow_up(question):
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
