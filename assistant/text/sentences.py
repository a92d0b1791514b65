"""Split prose into sentences, the unit the draft quotes and the verifier checks.

>>> split_sentences("Launch the fund in 2026. It has $3 billion, e.g. for labs. (ITIB)")
['Launch the fund in 2026.', 'It has $3 billion, e.g. for labs.', '(ITIB)']
>>> split_sentences("計劃有30億元 [1]。由創新科技及工業局負責 [1]。")
['計劃有30億元 [1]。', '由創新科技及工業局負責 [1]。']
>>> split_sentences("50. To assist SMEs, I will extend it. (b) The fund grows.")
['50. To assist SMEs, I will extend it.', '(b) The fund grows.']
>>> split_sentences("It covers the EFTA states (i.e. Iceland and Norway). Mr. Chan said so.")
['It covers the EFTA states (i.e. Iceland and Norway).', 'Mr. Chan said so.']
"""

from __future__ import annotations

import re

from assistant.text.patterns import BRACKETED_ITEM

# A sentence ends at . ! or ? followed by a space and a capital, a digit or an opening quote/bracket;
# "etc. for" and "e.g. the" do not end sentences because a lower-case word follows.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”']?\s+(?=[A-Z0-9\"“(])"
                           # Chinese full stops end a sentence whatever follows, with or without a space.
                           r"|(?<=[。！？：])[」』”]?\s*")


# Abbreviations that a capital may follow inside a sentence: "(i.e. Iceland, Norway ...)", "Mr. Chan".
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:i\.e|e\.g|cf|vs|viz|Mr|Ms|Mrs|Dr|Prof|No|Nos|St)\.$", re.IGNORECASE)
# A paragraph's or an item's number, alone: "50.", "3.2", "(b)", "(iv)". It opens the sentence after it.
_ENUMERATOR = re.compile(rf"{BRACKETED_ITEM}|(?:\d{{1,3}}(?:\.\d{{1,3}})*|[a-z]|[ivx]{{1,5}})[.)]")


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences.

    A paragraph number ("50. To assist ...") stays with the sentence it opens; an abbreviation ("i.e.") ends none.
    """
    sentences: list[str] = []
    for piece in (s.strip() for s in _SENTENCE_END.split(text)):
        if piece and sentences and (_ENUMERATOR.fullmatch(sentences[-1]) or _ABBREVIATION.search(sentences[-1])):
            sentences[-1] = f"{sentences[-1]} {piece}"
        elif piece:
            sentences.append(piece)
    return sentences


def without_number(sentence: str) -> str:
    """``sentence`` without the paragraph or item number that opens it: "50. To assist SMEs." -> "To assist SMEs."."""
    head, _, rest = sentence.partition(" ")
    return rest if rest and _ENUMERATOR.fullmatch(head) else sentence
