"""Phone numbers: Hong Kong numbers however written, and international numbers with their country code.

A Hong Kong number is eight digits, with or without +852 / 00852 / (852), split by spaces, dots, dashes or
slashes. Google's libphonenumber (the ``phonenumbers`` package) decides which eight-digit numbers are
allocated: it knows the numbering plan, so "2000 0000" or "4123 4567" are not phones while "2180 8188" is,
which no hand-written "[2-9]\\d{7}" can tell. Its matcher also finds international numbers written with
their country code ("+44 20 7946 0958", "0044 ..."). Without a prefix or a word like "phone" or "電話"
before it, a number must be written as phones are (8 digits, 4 + 4, 4 + 2 + 2, or digit by digit) and not be
two years ("2025 2026"), a date or money.
"""

from __future__ import annotations

import phonenumbers
import regex

_SEP = r"(?: ?[.\-/_·] ?| )"
_PREFIX = r"(?:(?:\+|00) ?852|\( ?(?:\+|00)? ?852 ?\)|852(?=[ .\-]))"
# Digits joined this way to the number make it part of a longer one (a card, a budget line); a slash
# between two numbers lists them ("2123 4567 / 9123 4567").
_JOIN = r"(?: ?[.\-_·] ?| )"
_HONG_KONG = regex.compile(
    rf"(?<![A-Z0-9+])(?<!\d{_JOIN})({_PREFIX}{_SEP}?)?(\d(?:{_SEP}?\d){{7}})(?![A-Z0-9])(?!{_JOIN}\d)", regex.I)
_RUN = regex.compile(rf"(?<![A-Z0-9+])\d+(?:{_JOIN}\d+)+(?![A-Z0-9])", regex.I)
_MAINLAND_MOBILE = regex.compile(
    rf"(?<![A-Z0-9+])(?<!\d{_JOIN})1[3-9]\d(?:{_SEP}?\d){{8}}(?![A-Z0-9])(?!{_JOIN}\d)", regex.I)
# Words that say a phone number follows, in English and Chinese.
_INTRODUCED = regex.compile(
    r"(?:phone|tel|mobile|cell|call|whats ?app|wechat|signal|contact|fax|sms|電話|电话|手機|手机|手提|致電|聯絡|"
    r"聯繫|联系|打俾|打畀|傳真|號碼)[^\d\n]{0,12}$", regex.I)
_CURRENCY_BEFORE = regex.compile(r"(?:[$€£¥₩]|HK\$|US\$|RMB|HKD|USD) ?$", regex.I)
_IDD = regex.compile(r"(?<![\d+])00(?=[1-9])")
_LONGEST_INTERNATIONAL = 40  # characters: "+1 (415) 555-2671" with room for wider spacing
_PHONE_SHAPES = ((8,), (4, 4), (4, 2, 2), (1,) * 8)


def find_phones(text: str) -> list[tuple[int, int]]:
    """Spans of phone numbers in folded ``text``."""
    spans = [match.span() for match in _HONG_KONG.finditer(text) if _is_hong_kong_phone(
        match.group(2), prefixed=bool(match.group(1)), before=text[max(0, match.start() - 20):match.start()])]
    spans += [match.span() for match in _MAINLAND_MOBILE.finditer(text) if _is_valid(match.group(0), "CN")]
    spans += _international(text)
    return spans + _listed(_masked(text, spans))


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the numbers found already blotted out (same length), so a run of digit groups ends there.

    "3123 4567 0044 20 7946 0958" is a local number listed before an international one: once the second is
    found, the first stands alone as a run of its own.
    """
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "X" * (end - start)
    return "".join(chars)


def _is_hong_kong_phone(number: str, prefixed: bool, before: str) -> bool:
    """Whether ``number`` (eight digits as written) is a Hong Kong phone number, given the text ``before`` it."""
    digits = regex.sub(r"\D", "", number)
    if not prefixed and not _INTRODUCED.search(before):
        shape = tuple(len(group) for group in regex.findall(r"\d+", number))
        if shape not in _PHONE_SHAPES or _CURRENCY_BEFORE.search(before) or _years_or_date(digits):
            return False
    return _is_valid(digits, "HK")


def _listed(text: str) -> list[tuple[int, int]]:
    """Numbers listed with only a space between them ("13812345678 9123 4567").

    ``text`` has the numbers found otherwise masked. A run of digit groups is phone numbers when it splits
    wholly into them; "1234 5678 9012 3456" does not, so it is left alone.
    """
    spans = []
    for run in _RUN.finditer(text):
        groups = list(regex.finditer(r"\d+", run.group(0)))
        before = text[max(0, run.start() - 20):run.start()]
        spans += [(run.start() + groups[first].start(), run.start() + groups[last].end())
                  for first, last in _split_into_phones(run.group(0), groups, before)]
    return spans


def _split_into_phones(run: str, groups: list[regex.Match], before: str) -> list[tuple[int, int]]:
    """(first, last) group of each phone number when the groups split wholly into them, else nothing."""
    numbers, first = [], 0
    while first < len(groups):
        for last in range(first, len(groups)):
            written = run[groups[first].start():groups[last].end()]
            digits = regex.sub(r"\D", "", written)
            if (len(digits) == 8 and _is_hong_kong_phone(written, prefixed=False, before=before)) or (
                    len(digits) == 11 and _MAINLAND_MOBILE.fullmatch(written) and _is_valid(digits, "CN")):
                numbers.append((first, last))
                first = last + 1
                break
            if len(digits) >= 11:
                return []
        else:
            return []
    return numbers


def _years_or_date(digits: str) -> bool:
    """'2025 2026' is two years and '20250131' a date, not phone numbers."""
    first, second = int(digits[:4]), int(digits[4:])
    month_and_day = 1 <= second // 100 <= 12 and 1 <= second % 100 <= 31
    return 1900 <= first <= 2099 and (1900 <= second <= 2099 or month_and_day)


def _is_valid(number: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, region))
    except phonenumbers.NumberParseException:
        return False


def _international(text: str) -> list[tuple[int, int]]:
    """Numbers written with a country code: '+44 ...', or '0044 ...' (the international prefix)."""
    # "00" becomes " +" (the same length, so positions hold) for the matcher, which reads only "+".
    plus = _IDD.sub(" +", text)
    spans = []
    for start, end in _windows_after_plus(plus):
        for match in phonenumbers.PhoneNumberMatcher(plus[start:end], "HK", leniency=phonenumbers.Leniency.VALID):
            if match.raw_string.lstrip("(").startswith("+"):
                first = start + match.start
                if plus[first - 1:first] == " " and text[first - 1] == "0":  # the first 0 of "00"
                    first -= 1
                spans.append((first, start + match.end))
    return spans


def _windows_after_plus(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` from just before each "+" to the longest number after it, overlaps merged.

    The matcher is slow on long texts, and a number with its country code is never longer.
    """
    windows: list[list[int]] = []
    for plus in regex.finditer(r"\+", text):
        start, end = max(0, plus.start() - 1), plus.end() + _LONGEST_INTERNATIONAL
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    return [(start, end) for start, end in windows]
