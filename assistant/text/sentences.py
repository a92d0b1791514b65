"""Split prose into sentences, the unit the draft quotes and the verifier checks.

>>> split_sentences("Launch the fund in 2026. It has $3 billion, e.g. for labs. (ITIB)")
['Launch the fund in 2026.', 'It has $3 billion, e.g. for labs.', '(ITIB)']
>>> split_sentences("計劃有30億元 [1]。由創新科技及工業局負責 [1]。")
['計劃有30億元 [1]。', '由創新科技及工業局負責 [1]。']
"""

from __future__ import annotations

import re

# A sentence ends at . ! or ? followed by a space and a capital, a digit or an opening quote/bracket;
# "etc. for" and "e.g. the" do not end sentences because a lower-case word follows.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”']?\s+(?=[A-Z0-9\"“(])"
                           # Chinese full stops end a sentence whatever follows, with or without a space.
                           r"|(?<=[。！？：])[」』”]?\s*")


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
