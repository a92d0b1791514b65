"""Citation markers in answer text: ``[1]``, ``[1, 3]``, ``[1][2]``, and the sentences they belong to.

>>> parse_markers("a [1, 3] b [2][1]")
[1, 3, 2]
>>> answer_sentences("The scheme has $3 billion. [1] It opens in 2026.[2]")
['The scheme has $3 billion [1].', 'It opens in 2026 [2].']
>>> answer_sentences("It opens in 2026 [1]. <b>Apply now</b> [1].")
['It opens in 2026 [1].', '<b>Apply now</b> [1].']
"""

from __future__ import annotations

import re
from collections.abc import Container

from assistant.text.sentences import split_sentences

MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*")
# "... Centre. [1]" and "... Centre.[1][2]": the markers belong to the sentence before the stop.
_MARKERS_AFTER_STOP = re.compile(r"([.!?。！？])\s*((?:\[\d+(?:\s*[,;]\s*\d+)*\]\s*)+)")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.!?,;:])")
# A marker and a stop end a sentence whatever comes next, even text no prose sentence starts with ("<img").
_CITED_END = re.compile(r"(?<=\][.!?])\s+|(?<=\][。！？])\s*")
_TRAILING_PUNCTUATION = re.compile(r"([.!?;:。！？；：]*)$")


def parse_markers(sentence: str) -> list[int]:
    """Every source number a sentence cites, in order, without repeats."""
    found = [int(n) for group in MARKER.findall(sentence) for n in _LIST_SEPARATOR.split(group)]
    return list(dict.fromkeys(found))


def strip_markers(sentence: str) -> str:
    """The sentence without its markers."""
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", MARKER.sub("", sentence)).strip()


def keep_known_markers(sentence: str, known: Container[int]) -> str:
    """The sentence with every marker number that is not in ``known`` removed (an empty marker goes)."""
    def kept(match: re.Match) -> str:
        numbers = [n for n in _LIST_SEPARATOR.split(match.group(1)) if int(n) in known]
        return f"[{', '.join(numbers)}]" if numbers else ""

    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", MARKER.sub(kept, sentence).strip())


def answer_sentences(text: str) -> list[str]:
    """Split an answer into sentences, keeping each sentence's markers with it."""
    text = _MARKERS_AFTER_STOP.sub(lambda m: f" {m.group(2).strip()}{m.group(1)} ", text)
    pieces = (piece for line in text.splitlines() for piece in _CITED_END.split(line.strip().lstrip("-*• ").strip()))
    return [s for piece in pieces for s in split_sentences(piece)]


def cite(sentence: str, n: int) -> str:
    """``sentence`` with ``[n]`` placed before its final punctuation: ``"... Centre [1]."``."""
    body = _TRAILING_PUNCTUATION.sub("", sentence)
    end = sentence[len(body):] or "."
    return f"{body} [{n}]{end}"
