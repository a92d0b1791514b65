"""What kind of detail a question asks for, and whether a sentence gives it.

A question that asks "how much" is not answered by a passage about the right scheme that names no amount;
saying "the document does not give an amount" is honest, quoting the passage is not. The kinds are
generic question forms (amount, number, date, percentage, limit, name), never particular questions.

>>> asked_detail("How much is the AI Subsidy Scheme worth?")
'amount'
>>> gives_detail("amount", "Continue the $3 billion AI Subsidy Scheme.")
True
>>> asked_detail("Which offices act when they negotiate?") is None
True
"""

from __future__ import annotations

import re

from assistant.text.facts import money_amounts, numbers, years

_I = re.IGNORECASE
# Order matters: the first kind whose pattern matches is the one asked for.
_DETAIL_PATTERNS = {
    "percentage": re.compile(r"\bwhat (?:percentage|proportion|share|ratio)\b|\bper ?cent\b|%"
                             r"|\bwhat (?:\w+ ){0,2}rate\b", _I),
    "limit": re.compile(r"\b(?:maximum|minimum|ceiling|cap(?:ped)?|upper limit|at most|at least)\b", _I),
    "amount": re.compile(r"\bhow much\b|\bbudget\b|\bcost\b|\bamount\b|\bworth\b|\bfunding size\b|\bspend(?:ing)?\b"
                         r"|\ballocat", _I),
    "count": re.compile(r"\bhow many\b|\bnumber of\b|\bhow (?:large|big)\b|\bwhat size\b", _I),
    "date": re.compile(r"^\W*when\b|[,;]\s*when\b|\bwhen (?:will|is|does|did|do|are|was|were|can|should|would|must)\b"
                       r"|\bwhat (?:year|date|month)\b|\bwhich year\b|\bdeadline\b|\btime ?(?:line|frame|table)\b"
                       r"|\bhow soon\b|\bby when\b", _I),
    "name": re.compile(r"\bwhat is the name\b|\bname of\b|\bwhat is (?:it|that|the \w+) called\b|\bcalled what\b", _I),
}
#: How each detail is named in a refusal: "the document does not give {name}".
DETAIL_NAMES = {"amount": "an amount", "count": "a number", "date": "a date or timeline",
                "percentage": "a percentage or rate", "limit": "a limit", "name": "a name"}
_DATE_WORDS = re.compile(r"\b(?:quarter|half|mid|end|early|within|by)[- ]\d{4}\b|\b(?:January|February|March|April|"
                         r"May|June|July|August|September|October|November|December)\b", _I)
_NUMBER_WORDS = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                           r"fifty|hundreds?|thousands?|dozens?|millions?|billions?)\b", _I)
_PERCENT = re.compile(r"%|\bper ?cent\b", _I)
_LIMIT = re.compile(r"\b(?:maximum|minimum|up to|at most|at least|no more than|no less than|ceiling|cap(?:ped)?)\b", _I)
_PROPER_NAME = re.compile(r"\b[A-Z][\w'-]*(?:\s+(?:of|and|for|the)?\s*[A-Z][\w'-]*)*")


# Opinions, predictions and personal advice: the document states measures, it does not judge them or
# advise anyone. Asking what support exists "for my company" is not advice and is not matched here.
_OPINION = re.compile(
    r"\b(?:do|did) you (?:think|believe|feel|agree|like|support|prefer)\b|\byour (?:own )?(?:opinion|view|views|"
    r"take|thoughts|position)\b|\bin your (?:view|opinion)\b|\bwhat do you (?:think|feel|make of)\b"
    r"|\b(?:is|are|was|were) (?:it|this|that|they|the [\w -]+?) (?:a )?(?:good|bad|wise|fair|worth it|worthwhile|"
    r"a waste|a mistake|a success|a failure)\b|\bshould (?:i|we) (?:invest|buy|sell|vote|support|oppose|trust)\b"
    r"|\bwho (?:should i|to) vote\b|\bwill (?:it|this|the [\w -]+?) (?:succeed|fail|work)\b|\bpredict\b"
    r"|\b(?:better|worse) than\b|\b(?:stock|share) price\b"
    r"|\bhow would you (?:rate|grade|score|judge|rank)\b|\bon a scale of\b"
    r"|\b(?:rate|score|grade) (?:it|this|that|them)\b"
    # Written Chinese and Cantonese: "do you think", "your view", "is it worth it".
    r"|你(?:覺得|觉得|認為|认为|點睇|点看|怎麼看|怎么看|嘅意見|的意見|的意见)|值(?:唔|不)值得", re.IGNORECASE)


def asks_for_opinion(question: str) -> bool:
    """Whether the question asks for a judgement, prediction or personal advice rather than facts.

    >>> asks_for_opinion("Do you think the AI Subsidy Scheme is a good idea?")
    True
    >>> asks_for_opinion("What support could my logistics start-up get?")
    False
    >>> asks_for_opinion("On a scale of 1 to 10, how would you rate the AI policy?")
    True
    """
    return bool(_OPINION.search(question))


def asked_detail(question: str) -> str | None:
    """The kind of detail the question asks for, or ``None`` for an open question."""
    for detail, pattern in _DETAIL_PATTERNS.items():
        if pattern.search(question):
            return detail
    return None


def gives_detail(detail: str, sentence: str, question: str = "") -> bool:
    """Whether ``sentence`` states the kind of detail asked for."""
    if detail == "amount":
        return bool(money_amounts(sentence))
    if detail == "date":
        return bool(years(sentence) or _DATE_WORDS.search(sentence))
    if detail == "count":
        return any(n not in years(sentence) for n in numbers(sentence)) or bool(_NUMBER_WORDS.search(sentence))
    if detail == "percentage":
        return bool(_PERCENT.search(sentence))
    if detail == "limit":
        return bool(_LIMIT.search(sentence))
    if detail == "name":
        # A name the question does not already contain: the first word of a sentence is not a name.
        asked = question.casefold()
        found = [m.group(0) for m in _PROPER_NAME.finditer(sentence) if m.start() > 0]
        return any(name.casefold() not in asked for name in found)
    return True
