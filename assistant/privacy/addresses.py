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
# (pattern, weight): how much a part says "address" on its own.
_ENGLISH_PARTS = [
    (re.compile(r"\b(?:flat|room|rm|unit|suite|shop|apartment|apt|house)\.? ?(?:no\.? ?)?"
                r"(?:[A-Z]?\d{1,4}[A-Z]?|[A-Z])\b", re.IGNORECASE), 1),
    (re.compile(r"\b(?:\d{1,3}|G|LG|UG|M) ?/ ?F\b|\b\d{1,3}(?:st|nd|rd|th) (?:floor|fl\b\.?)|"
                r"\b(?:floor|level) \d{1,3}\b|\b(?:ground|lower ground|upper ground) floor\b", re.IGNORECASE), 1),
    (re.compile(r"\b(?:block|blk|tower|phase) (?:[A-Z]|\d{1,3}[A-Z]?)\b", re.IGNORECASE), 1),
    (re.compile(rf"\b(?:no\.? ?)?\d{{1,4}}[A-Z]?(?: ?[-–—] ?\d{{1,4}}[A-Z]?)?,? (?:[A-Z][\w'’.\-]* ){{1,4}}?"
                rf"(?:{_STREET_TYPES})\b\.?(?: (?:Central|East|West|North|South)\b)?", re.IGNORECASE), 1),
    (re.compile(r"\b(?:[A-Z][\w'’\-]* ){1,3}(?:Building|Bldg|Mansions?|Estate|Court|Gardens?|Centre|Center|"
                r"Plaza|House|Villas?|Towers?)\b"), 1),
]
_CHINESE_PARTS = [
    (regex.compile(rf"{_HAN_NAME}(?:道|街|路|里|徑|坊|巷|圍|臺|台)[東南西北中]? ?\d{{1,4}}[A-Z]?"
                   rf"(?: ?[-–—至及] ?\d{{1,4}}[A-Z]?)? ?號", _I), 2),
    (regex.compile(rf"{_CHINESE_NUMBER} ?(?:樓|字樓|層)|地下|地庫"), 1),
    # Read from the word back: a pattern that starts with what precedes it would be tried at every character.
    (regex.compile(r"(?<=(?<![A-Z0-9])[A-Z0-9]{1,5} ?)(?:室|號舖|號鋪|舖)", _I), 1),
    (regex.compile(rf"(?:第 ?)?(?:[A-Z]|{_CHINESE_NUMBER}) ?座", _I), 1),
    (regex.compile(rf"(?<={_HAN_NAME})(?:大廈|邨|苑|花園|中心|廣場|大樓|山莊|閣|樓)(?=\d|[A-Z]|{_HAN_NAME})", _I), 1),
]
# How far back each part read from its word starts: the number of a flat, the name of a building.
_READ_BACK = {2: regex.compile(r"[A-Z0-9]{1,5} ?$", _I), 4: regex.compile(rf"{_HAN_NAME}$")}
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
    for pattern, weight in _ENGLISH_PARTS:
        yield from ((m.start(), m.end(), weight) for m in pattern.finditer(text))
    if not _HAN.search(text):
        return
    for number, (pattern, weight) in enumerate(_CHINESE_PARTS):
        for m in pattern.finditer(text):
            back = _READ_BACK.get(number)
            start = back.search(text, max(0, m.start() - 6), m.start()).start() if back else m.start()
            yield start, m.end(), weight


def _introduced(text: str, cluster: _Cluster) -> int:
    around = text[max(0, cluster.start - _CONTEXT_CHARS):cluster.end + _CONTEXT_CHARS]
    return 1 if _SAID_TO_BE_AN_ADDRESS.search(around) else 0
