"""Turn a follow-up question into a standalone query by carrying the earlier questions' subject.

This is the rule the extractive backend uses (LLM backends condense through ``prompts/condense.j2`` and
fall back to this rule when they fail). A question that points back ("it", "that", "and the deadline?")
is prefixed with the earlier user questions it depends on, back to the first one that stood alone. The
query then carries the subject in the user's own words, which embeds and matches better than any
rewrite a rule could make; the kind of detail asked for is still read from the new question alone.

>>> history = [Turn(role="user", content="How much is the AI Subsidy Scheme?"),
...            Turn(role="assistant", content="It has $3 billion [1].")]
>>> standalone_question("Which bureau runs it?", history)
'How much is the AI Subsidy Scheme? Which bureau runs it?'
>>> standalone_question("What is CorpID?", history)
'What is CorpID?'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answers import Turn
from assistant.lexical import tokenize

_REFERENCE = re.compile(r"\b(it|its|it's|that|this|these|those|they|them|their|there|he|she|his|her|"
                        r"the same|the scheme|the fund|the project|the programme|the platform|the measure)\b",
                        re.IGNORECASE)
_CONTINUATION = re.compile(r"^\W*(and|also|so|ok|okay|then|what about|how about|what else|anything else)\b",
                           re.IGNORECASE)
# Several capitalised words, or an acronym or mixed-case word: a question naming one stands alone.
_NAME = re.compile(r"\b[A-Z][\w&'-]*\s+[A-Z][\w&'-]*|\b[A-Za-z]*[A-Z][a-z]*[A-Z][\w]*")
# A question with at most this many topic words cannot stand alone ("And the budget?").
_SHORT_QUESTION_WORDS = 2
# Earlier questions carried at most: a long conversation's first turns rarely matter to the latest.
_MAX_CARRIED = 3


def looks_like_follow_up(question: str) -> bool:
    """Whether ``question`` points back to an earlier turn rather than standing alone."""
    if _CONTINUATION.search(question) or _REFERENCE.search(question):
        return True
    return len(tokenize(question)) <= _SHORT_QUESTION_WORDS and not _NAME.search(question)


def standalone_question(question: str, history: Sequence[Turn]) -> str:
    """``question`` prefixed with the earlier questions it depends on; unchanged when it stands alone."""
    if not looks_like_follow_up(question):
        return question
    carried: list[str] = []
    for turn in reversed(history):
        if turn.role != "user" or not turn.content.strip():
            continue
        carried.insert(0, turn.content.strip())
        if not looks_like_follow_up(turn.content) or len(carried) == _MAX_CARRIED:
            break
    return " ".join([*carried, question]) if carried else question
