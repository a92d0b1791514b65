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
"""

from __future__ import annotations

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
