"""Personal data in a text, however it is written.

Hong Kong identity card numbers, phone numbers, e-mail addresses, payment card numbers, passport numbers
and street addresses.

A question that carries any of these is never sent to a backend and never logged; a feedback row never
stores it. Depending on the settings the assistant asks the user to remove it (``refuse``) or answers the
question with each item replaced by a placeholder (``redact``).

The text is folded first (:mod:`assistant.query.privacy.folding`: full-width, accented, other-script and
Chinese-numeral digits, invisible characters), so "Ａ１２３４５６（３）" or "chan\\u200b@example.com" is
read as plainly as "A123456(3)"; what is found is then redacted in the original. Each kind has its own
recogniser, and matches are validated, not just pattern-matched: an HKID must have the right check digit,
a card number must pass the Luhn check, a phone number must be allocated in the numbering plan. Their
precision and recall are measured on tests/query/personal_data.yaml (``python -m tests.query.personal_data_scores``).

>>> [f.kind for f in find_personal_data("I am A123456(3), call 9123 4567 or mail a@b.hk")]
['hkid', 'phone', 'email']
>>> redact("My HKID is Ａ１２３４５６（３）")
'My HKID is [HKID number]'
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from assistant.query.privacy.addresses import find_addresses
from assistant.query.privacy.cards import find_cards, luhn_is_valid
from assistant.query.privacy.emails import find_emails
from assistant.query.privacy.folding import fold
from assistant.query.privacy.hkid import find_hkids, hkid_is_valid
from assistant.query.privacy.passports import find_passports
from assistant.query.privacy.phones import find_phones

__all__ = ["LABELS", "PersonalData", "describe", "find_personal_data", "hkid_is_valid", "luhn_is_valid", "redact",
           "without_placeholders"]

LABELS = {"hkid": "HKID number", "phone": "phone number", "email": "e-mail address", "card": "card number",
          "passport": "passport number", "address": "street address"}
#: What :func:`redact` writes for an item, with a name right before it that labels it ("Visa [card number]").
_PLACEHOLDER = re.compile(r"(?:\b[A-Z][A-Za-z]+ )?(?:" + "|".join(re.escape(f"[{label}]") for label in LABELS.values())
                          + ")")
# In this order: what one finds is masked before the next reads the text, so the digits of an e-mail
# address or a card are never read again as a phone number.
_RECOGNISERS: list[tuple[str, Callable[[str], list[tuple[int, int]]]]] = [
    ("email", find_emails), ("hkid", find_hkids), ("card", find_cards), ("passport", find_passports),
    ("phone", find_phones), ("address", find_addresses)]
_MASK = "\0"


@dataclass(frozen=True)
class PersonalData:
    """One item of personal data found in a text: its kind (a key of ``LABELS``) and its span."""

    kind: str
    start: int
    end: int


class _KnownClean:
    """The last texts found to hold no personal data, so that a text screened again costs nothing.

    A question is screened when it is answered, when its conversation is logged and when a log line names it;
    an answer when it is logged. Only texts with nothing found are kept: personal data is never held here.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._texts: dict[str, None] = {}
        self._lock = threading.Lock()

    def __contains__(self, text: str) -> bool:
        return text in self._texts

    def add(self, text: str) -> None:
        with self._lock:
            if len(self._texts) >= self.size:
                del self._texts[next(iter(self._texts))]
            self._texts[text] = None


_KNOWN_CLEAN = _KnownClean(4096)


def find_personal_data(text: str) -> list[PersonalData]:
    """Every item of personal data in ``text``, in order, without overlaps; spans index ``text`` itself."""
    if text in _KNOWN_CLEAN:
        return []
    found = _find(text)
    if not found:
        _KNOWN_CLEAN.add(text)
    return found


def _find(text: str) -> list[PersonalData]:
    folded = fold(text)
    masked = folded.text
    found: list[PersonalData] = []
    for kind, recognise in _RECOGNISERS:
        spans = recognise(masked)
        for start, end in spans:
            found.append(PersonalData(kind, *folded.original_span(start, end)))
            masked = masked[:start] + _MASK * (end - start) + masked[end:]
    return _without_overlaps(found)


def _without_overlaps(found: Iterable[PersonalData]) -> list[PersonalData]:
    kept: list[PersonalData] = []
    for item in sorted(found, key=lambda item: (item.start, -item.end)):
        if kept and item.start < kept[-1].end:
            last = kept[-1]
            kept[-1] = PersonalData(last.kind, last.start, max(last.end, item.end))
        else:
            kept.append(item)
    return kept


def redact(text: str, found: list[PersonalData] | None = None) -> str:
    """``text`` with each item replaced by a placeholder naming its kind."""
    found = find_personal_data(text) if found is None else found
    for item in reversed(found):
        text = f"{text[:item.start]}[{LABELS[item.kind]}]{text[item.end:]}"
    return text


def without_placeholders(text: str) -> str:
    """``text`` with the placeholders :func:`redact` wrote taken out, each with a name labelling it.

    "Call me on [phone number]" gives a number; it does not ask for one, and the "Visa" of "old Visa [card
    number]" names the card, not what the question is about. So reading what a redacted question asks for, and
    of what, skips them.

    >>> without_placeholders("I am [e-mail address]. My old Visa [card number]. When does it launch?")
    'I am . My old . When does it launch?'
    """
    return _PLACEHOLDER.sub("", text)


def describe(found: Iterable[PersonalData]) -> str:
    """The kinds found, in words: 'an HKID number and a phone number'."""
    labels = dict.fromkeys(LABELS[item.kind] for item in found)
    return " and ".join(f"{'an' if label.startswith(('HKID', 'e-')) else 'a'} {label}" for label in labels)
