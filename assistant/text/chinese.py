"""Chinese text: one spelling for comparing (Simplified and Traditional folded together), and its amounts.

Citizens write Traditional characters with Hong Kong variants (衞, 着), Simplified, or both in one question.
:func:`fold` maps every variant to one form (OpenCC's Hong Kong Traditional to Simplified table), so that a
name, a search token or a dictionary word compares equal however it was written; :func:`to_traditional` is the
other way, for what a Hong Kong reader is shown. :func:`chinese_amounts` reads "30億元", "1,000萬", "5000萬港元"
as dollars, as :func:`assistant.text.facts.money_amounts` reads "$3 billion".

>>> fold("醫務衞生局") == fold("医务卫生局")
True
>>> to_traditional("电动车电池回收设施")
'電動車電池回收設施'
>>> chinese_amounts("人工智能資助計劃有30億元，另有1.5億及5,000萬")
[3000000000.0, 150000000.0, 50000000.0]
>>> chinese_amounts("有三百億，或者三十億元、一千五百萬")
[30000000000.0, 3000000000.0, 15000000.0]
>>> han_bigrams("加氫站")
['加氫', '氫站']
"""

from __future__ import annotations

from functools import lru_cache

import opencc
import regex

#: A run of Han characters.
HAN = regex.compile(r"\p{Han}+")
# Digits or Chinese numerals, then a Chinese scale (億 = 10^8, 萬 = 10^4, also in Simplified), then optionally
# 元 or a currency.
_NUMERALS = "零〇一二兩两三四五六七八九十百千"
_AMOUNT = regex.compile(rf"(\d[\d,]*(?:\.\d+)?|[{_NUMERALS}]+)\s*(千萬|百萬|億|亿|萬|万)(?:港?元|港幣|港币)?")
_SCALE = {"億": 1e8, "亿": 1e8, "萬": 1e4, "万": 1e4, "百萬": 1e6, "千萬": 1e7}
_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "兩": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
          "九": 9}
_UNIT = {"十": 10, "百": 100, "千": 1000}


@lru_cache(maxsize=2)
def _converter(table: str) -> opencc.OpenCC:
    return opencc.OpenCC(table)


def has_han(text: str) -> bool:
    """Whether ``text`` has a Han character (ASCII text, the common case, is answered without a search)."""
    return not text.isascii() and HAN.search(text) is not None


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """``text`` with Traditional and Hong Kong variant characters mapped to Simplified: the form compared.

    Kept per text: OpenCC's converter is pure Python (0.2 ms a sentence), and the document's sentences are
    folded again for every answer that weighs them.
    """
    return _converter("hk2s").convert(text) if has_han(text) else text


def to_traditional(text: str) -> str:
    """``text`` in Hong Kong Traditional characters: the form shown."""
    return _converter("s2hk").convert(text) if has_han(text) else text


def han_bigrams(run: str) -> list[str]:
    """The overlapping two-character words of a run of Han characters (the run itself when it has one)."""
    return [run] if len(run) < 2 else [run[i:i + 2] for i in range(len(run) - 1)]


def chinese_amounts(text: str) -> list[float]:
    """Every amount written with a Chinese scale ("30億元", "5,000萬") as a number of dollars."""
    return [_number(digits) * _SCALE[scale] for digits, scale in _AMOUNT.findall(text)]


def _number(written: str) -> float:
    """Arabic digits ("1,000") or Chinese numerals below ten thousand ("三百", "一千五百", "十五") as a number."""
    if written[0].isdigit():
        return float(written.replace(",", ""))
    total, digit = 0, 0
    for char in written:
        if char in _DIGIT:
            digit = _DIGIT[char]
        else:
            total += (digit or 1) * _UNIT[char]
            digit = 0
    return float(total + digit)


def without_chinese_amounts(text: str) -> str:
    """``text`` with its Chinese amounts removed, so that their digits are not read again."""
    return _AMOUNT.sub(" ", text)


def chinese_amount_text(dollars: float) -> str:
    """``dollars`` as a Hong Kong reader writes the amount: "30億元", "5,000萬元", "800元".

    >>> chinese_amount_text(3e9), chinese_amount_text(5e7), chinese_amount_text(1.5e8)
    ('30億元', '5,000萬元', '1.5億元')
    """
    for scale, unit in ((1e8, "億"), (1e4, "萬")):
        if dollars >= scale:
            value = dollars / scale
            return f"{value:,.0f}{unit}元" if value == int(value) else f"{value:,.4g}{unit}元"
    return f"{dollars:,.0f}元"
