"""Extraction rules: the support measures a passage names, and the facts about them it states.

Rules see what the wording shows: a proper name built around *Scheme*, *Fund*, *Sandbox*, *Platform*,
*Centre*, *Institute* or *Academy*; the dollar amount written just before it; the dates the passage gives;
and who it is for ("to support local institutions, R&D centres and enterprises"). What wording does not
show (sectors, plain-language summaries, measures without such a name) comes from ``corpus/schemes.yaml``.

>>> [(m.name, m.amount) for m in named_measures("Better utilise the $10 billion X Acceleration Scheme and "
...                                              "the Y Fund to facilitate strategic enterprises to grow.")]
[('X Acceleration Scheme', 10000000000.0), ('Y Fund', None)]
>>> timeline("Launch the CorpID Platform in end-2026 and review it by the first quarter of 2027.")
['in end-2026', 'by the first quarter of 2027']
>>> audience("Continue the AI Subsidy Scheme to support local institutions and enterprises, etc. to leverage it.")
'local institutions and enterprises, etc.'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.ingest.chunking import Chunk
from assistant.text.facts import money_amounts
from assistant.text.patterns import MEASURE_WORDS, MONEY, MONTHS, NAME, YEAR

#: The kinds of support each measure word (text.patterns.MEASURE_WORDS) suggests by default.
NAME_KEYWORDS: dict[str, tuple[str, ...]] = {
    "Scheme": ("subsidy",), "Fund": ("fund",), "Sandbox": ("sandbox",), "Platform": ("business services",),
    "Centre": ("infrastructure",), "Institute": ("research collaboration",), "Academy": ("talent",),
}
# Phrases in a passage that add a kind whatever the name says.
_KIND_PHRASES = {"computing power": "computing power", "subsid": "subsidy", "tax incentive": "tax incentive",
                 "land grant": "land", "clinical trial": "testing and trials", "training": "talent"}

_NAME = re.compile(NAME)
_AMOUNT_BEFORE = re.compile(rf"{MONEY}\s+$", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:The|A|An)\s+")

_TIMELINE = re.compile(
    rf"\b(?:(?:beginning|starting) (?:in|from)|by|in|within|from|before)\s+(?:the\s+)?"
    rf"(?:(?:first|second|third|fourth) (?:quarter|half) of\s+|(?:end|mid)-|(?:{MONTHS})\s+)?{YEAR}"
    r"|\bshortly\b|\bin the long term\b")
# How far before a date to look for a verb that puts it in the past.
_PAST_WINDOW = 60
_PAST = re.compile(r"\b(?:commenced|completed|opened|was|were|had)\b")

_AUDIENCE_NOUN = re.compile(r"\b(?:enterprises|companies|institutions|centres|projects|manufacturers|firms|"
                            r"industries|businesses)\b")
# "etc." does not end who a measure is for; a full stop does.
_STOP = r"(?= in | to |, thereby| with |(?<!etc)\.(?:\s|$)|;|$)"
_AUDIENCE = [re.compile(p) for p in (
    rf"\bto support (?P<who>.+?){_STOP}", rf"\bto facilitate (?P<who>.+?){_STOP}",
    rf"\bto meet the demand of (?P<who>.+?){_STOP}", rf"\bfor attracting (?P<who>.+?){_STOP}",
    r"\bto (?:assist|help) (?P<who>.+?)(?= bring| in |\.|$)", r"\bpromote it to (?P<who>.+?)(?=,|\.|$)",
    r"\bsupport to (?P<who>[^.;]+)", r"\bthrough the [^,]+? to (?P<who>[\w\s-]+?projects)\b",
)]


@dataclass(frozen=True)
class NamedMeasure:
    """A support measure a passage names: its name, where the name starts, and the amount written before it."""

    name: str
    start: int
    amount: float | None


@dataclass(frozen=True)
class Candidate:
    """A measure the rules found, with the passage that names it earliest."""

    name: str
    chunk: Chunk
    amount: float | None
    kinds: tuple[str, ...]


def named_measures(text: str) -> list[NamedMeasure]:
    """Every support-measure name in ``text``, in order."""
    found = []
    for match in _NAME.finditer(text):
        words = match.group(0).split()
        if not MEASURE_WORDS & set(words) or len(words) < 2:
            continue  # "the Scheme" alone refers back to one named before
        name = _LEADING_ARTICLE.sub("", match.group(0))
        start = match.start() + len(match.group(0)) - len(name)
        before = _AMOUNT_BEFORE.search(text[max(0, start - 30):start])
        amounts = money_amounts(before.group(0)) if before else []
        found.append(NamedMeasure(name, start, amounts[0] if amounts else None))
    return found


def rule_kinds(name: str, text: str) -> tuple[str, ...]:
    """Kinds of support suggested by the name's keyword and by phrases in its passage."""
    kinds = [kind for word in name.split() for kind in NAME_KEYWORDS.get(word, ())]
    kinds += [kind for phrase, kind in _KIND_PHRASES.items() if phrase in text.lower()]
    return tuple(dict.fromkeys(kinds))


def timeline(text: str) -> list[str]:
    """The dates and time words the passage gives, as written; "ongoing" for a measure that continues.

    A date just after a verb in the past ("the first station commenced operation in June 2025") is not
    part of the measure's timeline; "shortly" and "in the long term" always are.
    """
    found = [m.group(0) for m in _TIMELINE.finditer(text)
             if not (m.group(0)[-1].isdigit() and _PAST.search(text[max(0, m.start() - _PAST_WINDOW):m.start()]))]
    if text.startswith("Continue"):
        found.insert(0, "ongoing")
    return list(dict.fromkeys(found))


def audience(text: str) -> str | None:
    """Who the passage says the measure is for, verbatim, or ``None`` when it does not say."""
    matches = [m for pattern in _AUDIENCE for m in pattern.finditer(text)
               if _AUDIENCE_NOUN.search(m.group("who"))]
    if not matches:
        return None
    return min(matches, key=lambda m: m.start()).group("who").strip(" ,")


def extract(chunks: Iterable[Chunk]) -> list[Candidate]:
    """One candidate per distinct name, from the passage where the name comes earliest; document order.

    A name can recur ("... leverage the computing power of Cyberport's AI Supercomputing Centre"); the
    passage that opens with it is the one about it.
    """
    best: dict[str, tuple[int, int, Chunk, NamedMeasure]] = {}
    for order, chunk in enumerate(chunks):
        for mention in named_measures(chunk.text):
            key = mention.name.casefold()
            if key not in best or mention.start < best[key][0]:
                best[key] = (mention.start, order, chunk, mention)
    ordered = sorted(best.values(), key=lambda item: (item[1], item[0]))
    return [Candidate(m.name, chunk, m.amount, rule_kinds(m.name, chunk.text)) for _, _, chunk, m in ordered]
