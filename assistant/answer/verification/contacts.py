"""Links, e-mail addresses and phone numbers in generated text, so that each can be checked exactly.

A contact is where a reader is sent: the one thing an injected instruction most wants in an answer (a
phishing link, an address to send documents to). So a generated sentence may carry one only when the
passage it cites, or the corpus, has exactly that contact; near enough is not enough. Text is
NFKC-normalised first, so full-width look-alikes (``ｅｖｉｌ．ｅｘａｍｐｌｅ``, ``＠``) are read as what they show.

>>> find_contacts("Apply at https://evil.example/apply, write to a.b@c.hk or call +852 2345 6789.")
['https://evil.example/apply', 'a.b@c.hk', '23456789']
>>> without_contacts("Apply at www.evil.example now.")
'Apply at   now.'
"""

from __future__ import annotations

import re
import unicodedata

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A link with a scheme or "www.", or a bare host name (labels, then a top-level domain of letters) with
# an optional path: "evil.example/apply". Decimals ("2.5") and abbreviations ("e.g.") have no such ending.
_LINK = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"'\]\[(){}]+"
                   r"|\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}\b(?:/[^\s<>\"'\]\[(){}]*)?",
                   re.IGNORECASE)
# Digit groups joined by spaces, dots, dashes or brackets, optionally after "+": 8 to 15 digits in all.
_PHONE = re.compile(r"(?<![\w.])\+?\(?\d[\d().\s-]{6,}\d(?![\w])")
_TRAILING = ".,;:!?"
_MIN_PHONE_DIGITS, _MAX_PHONE_DIGITS = 8, 15
_COUNTRY_CODE = re.compile(r"^(?:00)?852(?=\d{8}$)")  # "+852 2345 6789" is the same number as "2345 6789"


def _normalised(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _phone_digits(candidate: str) -> str | None:
    """The digits of a phone number, or ``None`` when ``candidate`` is not one."""
    groups = re.findall(r"\d+", candidate)
    digits = "".join(groups)
    # "2025 2026" is two years, not a number to call.
    if all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return None
    return _COUNTRY_CODE.sub("", digits) if _MIN_PHONE_DIGITS <= len(digits) <= _MAX_PHONE_DIGITS else None


def find_contacts(text: str) -> list[str]:
    """Every e-mail address, link and phone number in ``text``, each in one canonical form, in order.

    Links and addresses are lower-cased without trailing punctuation or slash; a phone number is its
    digits, without Hong Kong's country code.
    """
    text = _normalised(text)
    found = [(m.start(), m.group(0).lower().rstrip(_TRAILING)) for m in _EMAIL.finditer(text)]
    rest = _blank(_EMAIL, text)
    found += [(m.start(), m.group(0).lower().rstrip(_TRAILING).rstrip("/")) for m in _LINK.finditer(rest)]
    rest = _blank(_LINK, rest)
    found += [(m.start(), digits) for m in _PHONE.finditer(rest) if (digits := _phone_digits(m.group(0)))]
    return list(dict.fromkeys(contact for _, contact in sorted(found)))


def _blank(pattern: re.Pattern, text: str) -> str:
    """``text`` with each match replaced by as many spaces, so that later matches keep their positions."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def without_contacts(text: str) -> str:
    """``text`` with its contacts blanked out, so that their parts are not read as words or numbers."""
    text = _LINK.sub(" ", _EMAIL.sub(" ", _normalised(text)))
    return _PHONE.sub(lambda m: " " if _phone_digits(m.group(0)) else m.group(0), text)
