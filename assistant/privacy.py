"""Personal data in a question: Hong Kong identity card numbers, Hong Kong phone numbers, e-mail addresses
and payment card numbers.

A question that carries any of these is never sent to an external backend and never logged. Depending on
the settings the assistant asks the user to remove it (``refuse``) or answers the question with each item
replaced by a placeholder (``redact``). Matches are validated, not just pattern-matched: an HKID must
have the right check digit and a card number must pass the Luhn check, so "a 16-digit budget line" is
not mistaken for a card.

>>> [f.kind for f in find_personal_data("I am A123456(3), call 9123 4567 or mail a@b.hk")]
['hkid', 'phone', 'email']
>>> redact("My HKID is A123456(3)")
'My HKID is [HKID number]'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HKID = re.compile(r"\b([A-Z]{1,2})(\d{6})\s?\(?([0-9A])\)?(?![\w])", re.IGNORECASE)
# Eight digits starting 2-9 (fixed lines, mobiles, pagers), optionally +852, optionally split 4-4.
# Not when another digit group adjoins it: "4111-1111-1111-1112" is (part of) a card, not a phone.
_PHONE = re.compile(r"(?<![\w+])(?<!\d[\s-])(?:\+?852[\s-]?)?([2-9]\d{3})[\s-]?(\d{4})(?!\w|[\s-]\d)")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")

LABELS = {"hkid": "HKID number", "phone": "phone number", "email": "e-mail address", "card": "card number"}


@dataclass(frozen=True)
class PersonalData:
    """One item of personal data found in a text."""

    kind: str  # hkid | phone | email | card
    start: int
    end: int


def hkid_is_valid(letters: str, digits: str, check: str) -> bool:
    """The HKID check digit: weights 9..2 over (space-padded) letters and digits, modulo 11."""
    letters = letters.upper().rjust(2)
    values = [36 if c == " " else ord(c) - 55 for c in letters] + [int(d) for d in digits]
    total = sum(value * weight for value, weight in zip(values, range(9, 1, -1), strict=True))
    expected = (11 - total % 11) % 11
    return check.upper() == ("A" if expected == 10 else str(expected))


def luhn_is_valid(number: str) -> bool:
    """The Luhn checksum of a card number."""
    digits = [int(d) for d in number][::-1]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0


def find_personal_data(text: str) -> list[PersonalData]:
    """Every item of personal data in ``text``, in order, without overlaps."""
    found = [PersonalData("hkid", m.start(), m.end()) for m in _HKID.finditer(text) if hkid_is_valid(*m.groups())]
    found += [PersonalData("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 13 <= len(digits) <= 19 and luhn_is_valid(digits):
            found.append(PersonalData("card", match.start(), match.end()))
    found += [PersonalData("phone", m.start(), m.end()) for m in _PHONE.finditer(text)
              if not _is_year_pair(m.group(1), m.group(2))]
    found.sort(key=lambda item: (item.start, -item.end))
    kept: list[PersonalData] = []
    for item in found:
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


def _is_year_pair(first: str, second: str) -> bool:
    """'2025 2026' is two years, not a phone number."""
    return all(1900 <= int(part) <= 2099 for part in (first, second))


def redact(text: str, found: list[PersonalData] | None = None) -> str:
    """``text`` with each item replaced by a placeholder naming its kind."""
    found = find_personal_data(text) if found is None else found
    for item in reversed(found):
        text = f"{text[:item.start]}[{LABELS[item.kind]}]{text[item.end:]}"
    return text
