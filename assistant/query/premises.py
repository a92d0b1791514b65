"""Figures a question takes for granted that the document never states.

"How do I apply for the $30 billion AI Subsidy Scheme?": the scheme has $3 billion. Retrieval finds the scheme
and the answer gives the right amount, but a reader who sees no word about the wrong one may think the two
agree. So an answer starts with a note when its question gives an amount or a year that appears nowhere in
the document. The note names the kind of figure, not the figure: an answer that repeats a wrong figure
spreads it. Bare numbers are left alone: in a question they are as often the asker's own ("I am 67", "our
40 staff") as a claim about the document.

>>> stated = StatedFigures.of(["The $3 billion AI Subsidy Scheme, from 2025, for 200 projects."])
>>> stated.unstated(*figures_in("Is the $30 billion scheme from 2025 still open to 150 projects?"))
['amount']
>>> stated.unstated(*figures_in("Why was the $3 billion scheme delayed to 2029?"))
['year']
>>> figures_in("300億嘅人工智能資助計劃要點申請？"), stated.unstated(*figures_in("30億元嘅計劃"))
(((30000000000.0,), ()), [])

A question can also ask about something the passages that answer it never reach: "Which company got the
*second* project approved?" of a press release on the first, or "the total *as at March 2018*" of statistics
as at 2017. Quoting the nearest passage would answer another question, so the plan refuses
(:func:`unmet_ordinal`, :func:`unmet_year`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.text.chinese import chinese_amounts
from assistant.text.facts import money_amounts, without_money, years


@dataclass(frozen=True)
class StatedFigures:
    """Every dollar amount and year the document states."""

    amounts: frozenset[float]
    years: frozenset[str]

    @classmethod
    def of(cls, texts: Iterable[str]) -> StatedFigures:
        """The figures stated in ``texts``."""
        amounts: set[float] = set()
        stated_years: set[str] = set()
        for text in texts:
            amounts.update(money_amounts(text) + chinese_amounts(text))
            stated_years.update(years(without_money(text)))
        return cls(frozenset(amounts), frozenset(stated_years))

    def unstated(self, amounts: Iterable[float], stated_years: Iterable[str]) -> list[str]:
        """The kinds of figure ("amount", "year") among a question's that the document does not state."""
        kinds = {"amount": any(amount not in self.amounts for amount in amounts),
                 "year": any(year not in self.years for year in stated_years)}
        return [kind for kind, unstated in kinds.items() if unstated]


def figures_in(text: str) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """The dollar amounts ("$3 billion", "30億元") and the years ``text`` gives (a year inside an amount is not one)."""
    return tuple(money_amounts(text) + chinese_amounts(text)), tuple(years(without_money(text)))


_ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
# An ordinal past the first, before what it counts; not "the second half" or "quarter" (a date, read as one),
# nor "second-hand" or "third-party".
_ORDINAL = re.compile(rf"\b({'|'.join(_ORDINALS)}|(?:[2-9]|10)(?:nd|rd|th))\b"
                      r"(?![- ](?:half|quarter|hand|party|parties)\b)", re.IGNORECASE)


def unmet_ordinal(question: str, texts: Iterable[str]) -> str | None:
    """An ordinal past the first that ``question`` asks about and none of ``texts`` gives, in words or figures.

    >>> unmet_ordinal("Which company got the second project approved?", ["This is the first project."])
    'second'
    >>> unmet_ordinal("When does the 2nd phase start?", ["The second phase starts in 2026."]) is None
    True
    >>> unmet_ordinal("What happens in the second half of 2026?", ["It opens in 2026."]) is None
    True
    """
    texts = list(texts)
    for match in _ORDINAL.finditer(question):
        word = match.group(1).casefold()
        position = _ORDINALS.index(word) + 2 if word in _ORDINALS else int(word[:-2])
        forms = re.compile(rf"\b(?:{_ORDINALS[position - 2]}|{position}(?:st|nd|rd|th))\b", re.IGNORECASE)
        if not any(forms.search(text) for text in texts):
            return _ORDINALS[position - 2]
    return None


def unmet_year(asked_years: Iterable[str], texts: Iterable[str]) -> str | None:
    """The first of a question's years when ``texts`` (passages with their document's title and date) give none.

    For a question that asks for a figure: the figure of another year does not answer it.

    >>> unmet_year(["2018"], ["Funds approved as at 30/4/2017: $1.2 billion"])
    '2018'
    >>> unmet_year(["2018", "2017"], ["Funds approved as at 30/4/2017: $1.2 billion"]) is None
    True
    """
    asked_years = list(asked_years)
    stated = {year for text in texts for year in years(text)}
    return asked_years[0] if asked_years and not stated.intersection(asked_years) else None
