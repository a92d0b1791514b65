"""Clean user text before anything reads it: width folded, every invisible code point removed.

Invisible characters are how text hides from a reader and from filters while a model still reads it: tag
characters (U+E0000 to U+E007F) and variation selectors (U+FE00 to U+FE0F, U+E0100 to U+E01EF) can spell
whole instructions, one per byte; bidirectional overrides make text display differently from what it says;
zero-width characters and Hangul fillers split "9123 4567" or an e-mail address so that a pattern misses
it. Which code points are invisible is decided by their Unicode properties, not by a list kept here:
every Default_Ignorable_Code_Point, every control, format, private-use, surrogate or unassigned code point,
plus the few blank glyphs that Unicode files under symbols (``_BLANK_GLYPHS``).

:func:`clean_text` also applies NFKC, so full-width "Ａ１２３" reads as "A123" and "？" as "?"; Chinese
characters are unchanged by it (compatibility ideographs become their unified forms), and so is the
ideographic full stop "。" that sentence splitting relies on.

>>> clean_text("How much\\u200b is the\\U000E0041 scheme？\\x07")
'How much is the scheme?'
>>> strip_invisible("line\\ufe0f one\\nline two")
'line one\\nline two'
"""

from __future__ import annotations

import re
import unicodedata

import regex

# Blank glyphs that are not default-ignorable: the braille blank, the Khitan and musical null fillers.
_BLANK_GLYPHS = "\u2800\U00016FE4\U0001D159"
# Whitespace survives; every other invisible code point goes. `regex` rather than `re`: only it knows the
# Default_Ignorable_Code_Point property and a current Unicode's unassigned code points.
_INVISIBLE = regex.compile(
    rf"[[\p{{Default_Ignorable_Code_Point}}\p{{Cc}}\p{{Cf}}\p{{Co}}\p{{Cs}}\p{{Cn}}{_BLANK_GLYPHS}]--[\t\n\r\f\v]]",
    regex.VERSION1)
_WHITESPACE = regex.compile(r"\s+")
# The invisible code points ASCII has: its control characters but tab, line feed, vertical tab, form feed, return.
_ASCII_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def is_invisible(char: str) -> bool:
    """Whether ``char`` displays as nothing (and is not whitespace)."""
    return _INVISIBLE.match(char) is not None


def strip_invisible(text: str) -> str:
    r"""``text`` without invisible code points; visible characters and line breaks as they were.

    >>> strip_invisible("Cyber\u200bport\x07 2026")
    'Cyberport 2026'
    """
    if text.isascii():  # the common case: only control characters can hide there, and stdlib re finds them faster
        return _ASCII_INVISIBLE.sub("", text)
    return _INVISIBLE.sub("", text)


def clean_text(text: str) -> str:
    """``text`` NFKC-normalised, without invisible code points, whitespace runs as single spaces, stripped."""
    if text.isascii():  # NFKC leaves ASCII as it is, and str.split knows ASCII's whitespace
        return " ".join(_ASCII_INVISIBLE.sub("", text).split())
    # Removed before and after NFKC: a filler can hide a composition, and NFKC maps some letters to fillers.
    text = strip_invisible(unicodedata.normalize("NFKC", strip_invisible(text)))
    return _WHITESPACE.sub(" ", text).strip()
