"""Street addresses, Hong Kong style, in English and Chinese.

An address is recognised by its parts standing together: a flat or room ("Flat 12B", "1203室"), a floor
("8/F", "22nd Floor", "8樓", "地下"), a block ("Block 3", "12座"), a building or estate ("Wah Fu Estate",
"寶琳邨"), a numbered street ("23 Nathan Road", "彌敦道23號"). One part alone is ordinary text ("8/F is
where the office moved", "the 3 Trunk Road projects"); two together, or one with words that say an
address follows ("I live at", "my address is", "地址", "住喺"), are an address. A Chinese numbered
street ("彌敦道23號") is unmistakable and counts as two.

>>> text = "Flat 12B, 8/F, 23 Nathan Road, Tsim Sha Tsui"
>>> [text[start:end] for start, end in find_addresses(text)]
['Flat 12B, 8/F, 23 Nathan Road']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import regex

_I = regex.IGNORECASE
_STREET_TYPES = (r"Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Path|Drive|Dr|Terrace|Crescent|Boulevard|Blvd|Square|"
                 r"Circuit|Highway|Way|Praya|Close|Place|Row|Walk|Rise")
_HAN_NAME = r"(?:(?![我你佢他她住喺係在於的嘅是去到和及與同個條])\p{Han}){1,6}"
_CHINESE_NUMBER = r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})"


@dataclass(frozen=True)
class _Part:
    """One part of an address: its pattern, and how much it says "address" on its own.

    For a pattern matched at its word (cheap) rather than where it starts, also how the part reads back
    from there.
    """

    pattern: re.Pattern | regex.Pattern
    weight: int = 1
    back: regex.Pattern | None = None

    def spans(self, text: str) -> Iterator[tuple[int, int, int]]:
        for m in self.pattern.finditer(text):
            start = self.back.search(text, max(0, m.start() - _LONGEST_BACK), m.start()).start() if self.back \
                else m.start()
            yield start, m.end(), self.weight


_LONGEST_BACK = 6
_ENGLISH_PARTS = [
    _Part(re.compile(r"\b(?:flat|room|rm|unit|suite|shop|apartment|apt|house)\.? ?(?:no\.? ?)?"
                     r"(?:[A-Z]?\d{1,4}[A-Z]?|[A-Z])\b", re.IGNORECASE)),
    _Part(re.compile(r"\b(?:\d{1,3}|G|LG|UG|M) ?/ ?F\b|\b\d{1,3}(?:st|nd|rd|th) (?:floor|fl\b\.?)|"
                     r"\b(?:floor|level) \d{1,3}\b|\b(?:ground|lower ground|upper ground) floor\b", re.IGNORECASE)),
    _Part(re.compile(r"\b(?:block|blk|tower|phase) (?:[A-Z]|\d{1,3}[A-Z]?)\b", re.IGNORECASE)),
    _Part(re.compile(rf"\b(?:no\.? ?)?\d{{1,4}}[A-Z]?(?: ?[-–—] ?\d{{1,4}}[A-Z]?)?,? (?:[A-Z][\w'’.\-]* ){{1,4}}?"
                     rf"(?:{_STREET_TYPES})\b\.?(?: (?:Central|East|West|North|South)\b)?", re.IGNORECASE)),
    _Part(re.compile(r"\b(?:[A-Z][\w'’\-]* ){1,3}(?:Building|Bldg|Mansions?|Estate|Court|Gardens?|Centre|Center|"
                     r"Plaza|House|Villas?|Towers?)\b")),
]
_CHINESE_PARTS = [
    _Part(regex.compile(rf"{_HAN_NAME}(?:道|街|路|里|徑|坊|巷|圍|臺|台)[東南西北中]? ?\d{{1,4}}[A-Z]?"
                        rf"(?: ?[-–—至及] ?\d{{1,4}}[A-Z]?)? ?號", _I), weight=2),
    _Part(regex.compile(rf"{_CHINESE_NUMBER} ?(?:樓|字樓|層)|地下|地庫")),
    # Matched at the word and read back: a pattern that starts with the flat's number or the building's
    # name would be tried at every character of a long text.
    _Part(regex.compile(r"(?<=(?<![A-Z0-9])[A-Z0-9]{1,5} ?)(?:室|號舖|號鋪|舖)", _I),
          back=regex.compile(r"[A-Z0-9]{1,5} ?$", _I)),
    _Part(regex.compile(rf"(?:第 ?)?(?:[A-Z]|{_CHINESE_NUMBER}) ?座", _I)),
    _Part(regex.compile(rf"(?<={_HAN_NAME})(?:大廈|邨|苑|花園|中心|廣場|大樓|山莊|閣|樓)(?=\d|[A-Z]|{_HAN_NAME})", _I),
          back=regex.compile(rf"{_HAN_NAME}$")),
]
_HAN = regex.compile(r"\p{Han}")
_SAID_TO_BE_AN_ADDRESS = regex.compile(
    r"\b(?:(?:my|home|postal|correspondence) address|address (?:is|:)|address:|I live|we live|live at|living at|"
    r"lives at|stay at|staying at|reside|residing|my home|my flat|home is|moved to|deliver(?:ed)? to|send (?:it )?to|"
    r"where I live)\b|地址|住址|住喺|住在|住係|居住|住於|搬到|寄到|送到",
    _I)
# Parts this close (a comma, a space) belong to one address.
_GLUE = regex.compile(r"[ ,，、:;]{0,3}")
_CONTEXT_CHARS = 40


@dataclass
class _Cluster:
    start: int
    end: int
    weight: int


def find_addresses(text: str) -> list[tuple[int, int]]:
    """Spans of street addresses in folded ``text``."""
    parts = sorted(_parts(text))
    clusters: list[_Cluster] = []
    for start, end, weight in parts:
        last = clusters[-1] if clusters else None
        if last and start < last.end:  # the same words read as two parts ("八樓"): they say it once
            last.end = max(last.end, end)
        elif last and _GLUE.fullmatch(text, last.end, start):
            last.end, last.weight = end, last.weight + weight
        else:
            clusters.append(_Cluster(start, end, weight))
    return [(c.start, c.end) for c in clusters if c.weight + _introduced(text, c) >= 2]


def _parts(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, weight) of each part of an address in ``text``."""
    for part in _ENGLISH_PARTS + (_CHINESE_PARTS if _HAN.search(text) else []):
        yield from part.spans(text)


def _introduced(text: str, cluster: _Cluster) -> int:
    around = text[max(0, cluster.start - _CONTEXT_CHARS):cluster.end + _CONTEXT_CHARS]
    return 1 if _SAID_TO_BE_AN_ADDRESS.search(around) else 0
