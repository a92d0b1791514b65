"""Hong Kong identity card numbers: one or two letters, six digits and a check digit, however written.

"A123456(3)", "A 123 456 (3)", "A123456-3", "a1234563", "A123456[3]" (full-width and split forms arrive
folded). The check digit must be right, so a reference number like "AB1234" or "A123456(4)" is not
mistaken for one; introduced as an identity card ("my HKID is ...", "身份證號碼係 ..."), a number counts
with a wrong check digit or none: people mistype their own number, and it is still theirs.
"""

from __future__ import annotations

import re

_HKID = re.compile(
    r"([A-Z]?)([A-Z])[ \-]?(\d(?:[ .\-]?\d){5})"
    r"[ \-]?(?:\( ?([0-9A]) ?\)|\[ ?([0-9A]) ?\]|([0-9A])(?![A-Z0-9]))", re.IGNORECASE)
# Introduced as an identity card, a number is one whatever its check digit, given or not.
_INTRODUCED = re.compile(
    r"(?:HK ?ID|ID card|identity card|身份證|身分證|身份证)(?: ?(?:no\.?|number|號碼|号码))?"
    r"(?:[^\d\n]{0,15}?[^A-Z\d\n])?"
    r"([A-Z]{1,2}[ \-]?\d(?:[ .\-]?\d){5}(?:[ \-]?(?:\( ?[0-9A] ?\)|\[ ?[0-9A] ?\]|[0-9A](?![A-Z0-9])))?)"
    r"(?![A-Z0-9])", re.IGNORECASE)


def hkid_is_valid(letters: str, digits: str, check: str) -> bool:
    """The HKID check digit: weights 9..2 over (space-padded) letters and digits, modulo 11."""
    letters = letters.upper().rjust(2)
    values = [36 if c == " " else ord(c) - 55 for c in letters] + [int(d) for d in digits]
    total = sum(value * weight for value, weight in zip(values, range(9, 1, -1), strict=True))
    expected = (11 - total % 11) % 11
    return check.upper() == ("A" if expected == 10 else str(expected))


def find_hkids(text: str) -> list[tuple[int, int]]:
    """Spans of HKID numbers in folded ``text``."""
    spans = []
    for match in _HKID.finditer(text):
        first, second, digits = match.group(1), match.group(2), re.sub(r"\D", "", match.group(3))
        check = next(group for group in match.groups()[3:] if group)
        if first and hkid_is_valid(first + second, digits, check):
            spans.append(match.span())
        elif hkid_is_valid(second, digits, check):
            spans.append((match.start(2), match.end()))
    spans += [match.span(1) for match in _INTRODUCED.finditer(text)]
    return spans
