"""Find the checkable facts in a sentence: money amounts, years and other numbers.

Citation verification uses these: a sentence that names "$3 billion" or "2027" must cite a passage that
names them too. Chunk metadata uses them to say which amounts and years a measure mentions.

>>> money_amounts("the $3 billion scheme and HK$10 million")
[3000000000.0, 10000000.0]
>>> years("by 2027, not 12027")
['2027']
"""

from __future__ import annotations

import re

from assistant.text.patterns import MONEY, NUMBER, YEAR

_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_MONEY = re.compile(MONEY, re.IGNORECASE)
_YEAR = re.compile(YEAR)
_NUMBER = re.compile(NUMBER)


def money_amounts(text: str) -> list[float]:
    """Every dollar amount in ``text`` as a number of dollars."""
    amounts = []
    for digits, scale in _MONEY.findall(text):
        value = float(digits.replace(",", ""))
        amounts.append(value * _SCALE.get(scale.lower(), 1.0) if scale else value)
    return amounts


def without_money(text: str) -> str:
    """``text`` with its dollar amounts removed, so that their digits are not read as numbers too."""
    return _MONEY.sub(" ", text)


def years(text: str) -> list[str]:
    """Four-digit years from 1900 to 2099."""
    return _YEAR.findall(text)


def numbers(text: str) -> list[str]:
    """Every number as written, thousands separators (comma or space) removed."""
    return [re.sub(r"[,\s]", "", n) for n in _NUMBER.findall(text)]

