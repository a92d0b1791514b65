"""Words as search and verification compare them: lower-cased, stop words dropped, stemmed.

bm25s's own tokenizer drops one-character tokens, which loses the "3" of "$3 billion"; this one keeps every
word and number, lower-cases, drops English stop words and stems with PyStemmer (Snowball), so
"subsidies" finds "subsidy".

>>> tokenize("How much is the $3 billion AI Subsidy Scheme?")
['much', '3', 'billion', 'ai', 'subsidi', 'scheme']
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# bm25s's list is short; these question words carry no topic either.
_STOPWORDS = frozenset(STOPWORDS_EN) | {"how", "what", "which", "who", "when", "where", "why", "does", "do",
                                        "did", "can", "could", "would", "should", "will", "is", "are", "was"}


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-cased, stop-word-free, stemmed tokens of ``text``."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]
    return _stemmer().stemWords(words)
