"""Passport and travel document numbers.

A Hong Kong SAR passport number ("H12345678", "K 1234 5678") is recognised on its own; any other
country's (9 digits, "E12345678", "C01X00T47") only where it is introduced as a passport or travel
document, in English or Chinese, because on its own it is indistinguishable from any reference number.
"""

from __future__ import annotations

import re

_HK_SAR = re.compile(r"(?<![A-Z0-9])[HK] ?\d{4}[ \-]?\d{4}(?![A-Z0-9])", re.IGNORECASE)
_INTRODUCED = re.compile(
    r"(?:passport|travel document|護照|护照|旅行證件|回鄉證|回乡证|通行證)(?:[^\d\n]{0,19}?[^A-Z\d\n])?"
    r"([A-Z]{0,3}\d[A-Z0-9]{4,11})(?![A-Z0-9])", re.IGNORECASE)
_FEWEST_DIGITS = 5


def find_passports(text: str) -> list[tuple[int, int]]:
    """Spans of passport numbers in folded ``text``."""
    spans = [match.span() for match in _HK_SAR.finditer(text)]
    spans += [match.span(1) for match in _INTRODUCED.finditer(text)
              if sum(c.isdigit() for c in match.group(1)) >= _FEWEST_DIGITS]
    return spans
