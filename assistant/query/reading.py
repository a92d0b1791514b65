"""Read a question once: what it asks for, in which language, and what it takes for granted.

Every step of the answer flow reads the same :class:`Reading` rather than reading the text again: the plan
refuses opinions and checks the detail asked for, the scheme route takes support questions, the premise
note checks the figures the question states, condensing starts from the standalone question. The
patterns come from the language tables (:mod:`assistant.query.forms`); a Chinese question form is one
entry in :mod:`assistant.query.forms.zh`, not a change here.

>>> reading = read_question("How much is the $30 billion AI Subsidy Scheme?")
>>> reading.detail, reading.opinion, reading.support, reading.amounts
('amount', False, False, (30000000000.0,))
>>> read_question("What funding could my logistics start-up get?").business
'logistics start-up'
>>> history = [Turn(role="user", content="Who runs the CorpID Platform?"),
...            Turn(role="assistant", content="It is run by the Digital Policy Office [1].")]
>>> read_question("And when will it launch?", history).standalone
'Who runs the CorpID Platform? And when will it launch (Digital Policy Office)?'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.query.details import KINDS
from assistant.query.followups import looks_like_follow_up, standalone_question
from assistant.query.forms import QuestionForms, forms_for, language_of
from assistant.query.premises import figures_in
from assistant.query.privacy import without_placeholders
from assistant.text.patterns import MEASURE_WORDS, NAME
from assistant.types import Turn

_NAME = re.compile(NAME)


@dataclass(frozen=True)
class Reading:
    """What a question asks, read once; see :func:`read_question`."""

    #: The question as read (cleaned and screened).
    text: str
    #: The language it is written in: "en", or "zh" for Han script.
    language: str
    #: The kind of detail it asks for ("amount", "date", ... in assistant.query.details.KINDS), if any.
    detail: str | None
    #: Whether it asks for a judgement, prediction or personal advice rather than facts.
    opinion: bool
    #: Whether it points back to an earlier turn ("and when will it launch?").
    follow_up: bool
    #: The question with the earlier turns it depends on, by the follow-up rule (itself when it stands alone).
    standalone: str
    #: Whether it asks what support the asker's enterprise could get, naming no particular measure.
    support: bool
    #: For a support question: the asker's words for its own business ("hair salon"), from the standalone question.
    business: str | None
    #: For a support question: the word that states the enterprise's size ("start-up", "SMEs"), likewise.
    size: str | None
    #: Dollar amounts and years the question gives: checked against the document's (assistant.query.premises).
    amounts: tuple[float, ...] = ()
    years: tuple[str, ...] = ()


def read_question(question: str, history: Sequence[Turn] = ()) -> Reading:
    """Read ``question`` (and the ``history`` before it, oldest first) into a :class:`Reading`."""
    tables = forms_for(question)
    standalone = standalone_question(question, history)
    support = _asks_for_support(question, tables)
    context = forms_for(standalone) if support else []  # only a support question's enterprise is read
    amounts, stated_years = figures_in(question)
    return Reading(
        text=question, language=language_of(question), detail=asked_detail(question),
        opinion=any(f.opinion.search(question) for f in tables), follow_up=looks_like_follow_up(question),
        standalone=standalone, support=support, business=_own_business(standalone, context),
        size=_size(standalone, context), amounts=amounts, years=stated_years)


@lru_cache(maxsize=4096)
def asked_detail(question: str) -> str | None:
    """The kind of detail ``question`` asks for, or ``None`` for an open question.

    Kept per text: the question is read, and its search query (often the same text) searched.

    >>> asked_detail("When will the CorpID Platform launch?"), asked_detail("What is CorpID?")
    ('date', None)
    """
    tables = forms_for(question)
    question = without_placeholders(question)
    return next((kind for kind in KINDS if any(kind in f.details and f.details[kind].search(question)
                                               for f in tables)), None)


def asks_who_is_responsible(question: str) -> bool:
    """Whether ``question`` asks which bureau or department is responsible for what it is about.

    By the ``responsible`` form of each language table that reads it.

    >>> asks_who_is_responsible("What green fuel industry is planned for aviation, and who leads it?")
    True
    >>> asks_who_is_responsible("可持續航空燃料由邊個政策局負責？"), asks_who_is_responsible("Who can apply for NIAS?")
    (True, False)
    """
    return any(forms.responsible.search(question) for forms in forms_for(question))


def _asks_for_support(question: str, tables: Sequence[QuestionForms]) -> bool:
    """Asks for support for the asker's enterprise (or ones like it), and names no particular measure.

    A question about the AI Subsidy Scheme is answered from its passage as usual, even when it says "my start-up".
    """
    wanted = any(f.support.search(question) and f.enterprise.search(question) for f in tables)
    names_one = (any(MEASURE_WORDS & set(m.group().split()) for m in _NAME.finditer(question))
                 or any(f.measure_name.search(question) for f in tables))
    return wanted and not names_one


def _own_business(text: str, tables: Sequence[QuestionForms]) -> str | None:
    """The words the asker uses for its own business ("hair salon", "logistics start-up"), if any."""
    for forms in tables:
        for match in forms.own_business.finditer(text):
            phrase = forms.phrase_end.sub("", match.group("a") or match.group("b")).strip(" .,?!")
            # "We're a ..." always describes the business; "my ..." only when a business word follows ("my boss").
            if phrase and (match.group("a") or forms.business_noun.search(phrase)):
                return phrase
    return None


def _size(text: str, tables: Sequence[QuestionForms]) -> str | None:
    """The first word of ``text`` that states an enterprise's size."""
    found = (match.group(1) for forms in tables if (match := forms.size.search(text)))
    return next(found, None)
