"""The text the recognisers read: every way of writing a character folded to one, with a map back.

"Ａ１２３", "A\u200b123", "A1\u0301 23" and "A١٢٣" all read as "A123" here, so one pattern per kind of
personal data covers them all. Each character of the folded text remembers which character of the
original it came from, so what is found is redacted in the original, invisible characters and all.

Folding, character by character: invisible code points dropped (assistant.text.sanitize), whitespace as a
space, decimal digits of any script as ASCII digits, everything else NFKD-decomposed (full-width and other
compatibility forms folded, accents split off) with combining marks dropped. Then runs of six or more
Chinese numerals ("九一二三四五六七") read as the digits they spell.

>>> folded = fold("Ａ\\u200b１2")
>>> folded.text, folded.original_span(0, 3)
('A12', (0, 4))
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from assistant.text.sanitize import is_invisible

_NUMERALS = "〇零一二三四五六七八九壹貳叁參肆伍陸柒捌玖"
_CHINESE_DIGITS = str.maketrans(_NUMERALS, "001234567891233456789")
# Shorter runs are ordinary words ("一二三四五" in a list, "二零二五年"); six or more spell a number.
_CHINESE_NUMBER = regex.compile(rf"[{_NUMERALS}](?: ?[{_NUMERALS}]){{5,}}")

# Printable ASCII, CJK ideographs and the common Chinese punctuation fold to themselves: taken a run at a time.
_PLAIN_OR_OTHER = regex.compile(r"([\x20-\x7e\u4e00-\u9fff\u3001\u3002\u300c-\u300f]+)|.", regex.DOTALL)


@dataclass(frozen=True)
class FoldedText:
    """Folded text, and for each of its characters the index of the original character it came from."""

    text: str
    origin: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that folded characters ``start:end`` came from."""
        return self.origin[start], self.origin[end - 1] + 1


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if is_invisible(char):
        return ""
    if char.isspace():
        return " "
    if unicodedata.category(char) == "Nd":
        return str(unicodedata.digit(char))
    return "".join(c for c in unicodedata.normalize("NFKD", char)
                   if unicodedata.category(c) not in ("Mn", "Me") and not is_invisible(c))


def fold(text: str) -> FoldedText:
    """``text`` folded for recognition (see the module docstring)."""
    pieces, origin = [], []
    for run in _PLAIN_OR_OTHER.finditer(text):
        if run.group(1):
            pieces.append(run.group(1))
            origin.extend(range(run.start(), run.end()))
            continue
        folded = _fold_char(run.group(0))
        pieces.append(folded)
        origin.extend([run.start()] * len(folded))
    folded_text = _CHINESE_NUMBER.sub(lambda m: m.group(0).translate(_CHINESE_DIGITS), "".join(pieces))
    return FoldedText(folded_text, tuple(origin))
