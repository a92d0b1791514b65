"""Payment card numbers: 13 to 19 digits with any separators, passing the Luhn check.

"4111 1111 1111 1111", "4111.1111.1111.1111", "3782 822463 10005", "4 1 1 1 ...". Within a longer run
of digit groups every window of whole groups is tried, so a card is found next to other numbers. The first
digit must be a card issuer's (ISO/IEC 7812 major industry identifiers 2 to 6: banks, card schemes,
travel and entertainment), which keeps "1234 5678 9012 3456" budget lines and "978-..." ISBNs out.
"""

from __future__ import annotations

import re

_GROUPS = re.compile(r"\d+(?:(?: ?[.\-/_·] ?| )\d+)*")
_DIGITS = re.compile(r"\d+")
_CURRENCY_BEFORE = re.compile(r"(?:[$€£¥₩]|HK\$|US\$|RMB|HKD|USD) ?$", re.IGNORECASE)


def luhn_is_valid(number: str) -> bool:
    """The Luhn checksum of a card number."""
    digits = [int(d) for d in number][::-1]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0


def _is_card(digits: str) -> bool:
    return 13 <= len(digits) <= 19 and digits[0] in "23456" and luhn_is_valid(digits)


def find_cards(text: str) -> list[tuple[int, int]]:
    """Spans of card numbers in folded ``text``."""
    spans = []
    for run in _GROUPS.finditer(text):
        if _CURRENCY_BEFORE.search(text[max(0, run.start() - 5):run.start()]):
            continue  # "HK$3 000 000 000 000" is money
        groups = list(_DIGITS.finditer(run.group(0)))
        first = 0
        while first < len(groups):
            card = _longest_card(groups, first)
            if card is None:
                first += 1
                continue
            spans.append((run.start() + groups[first].start(), run.start() + groups[card].end()))
            first = card + 1
    return spans


def _longest_card(groups: list, first: int) -> int | None:
    """The last group of the longest card number that starts at group ``first``, if any does."""
    best, digits = None, ""
    for last in range(first, len(groups)):
        digits += groups[last].group(0)
        if len(digits) > 19:
            break
        if _is_card(digits):
            best = last
    return best
