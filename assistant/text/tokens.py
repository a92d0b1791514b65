"""Words as search and verification compare them: lower-cased, stop words dropped, stemmed.

bm25s's own tokenizer drops one-character tokens, which loses the "3" of "$3 billion"; this one keeps every
word and number, lower-cases, drops English stop words and stems with PyStemmer (Snowball), so
"subsidies" finds "subsidy". Chinese has no spaces between words: a run of Han characters becomes its
overlapping character pairs, each folded to one spelling (:func:`assistant.text.chinese.fold`), so that a
Chinese document is found by a Chinese question however either is written (Traditional or Simplified) and
without a dictionary. Text without Han characters is tokenised exactly as before.

>>> tokenize("How much is the $3 billion AI Subsidy Scheme?")
['much', '3', 'billion', 'ai', 'subsidi', 'scheme']
>>> tokenize("CorpID平台幾時推出")
['corpid', '平台', '台几', '几时', '时推', '推出']
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from assistant.text.chinese import fold, han_bigrams, has_han

_PLAIN_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A run of Han characters, or a word of any other script.
_WORD = regex.compile(r"(\p{Han}+)|([^\W_\p{Han}]+)")
# bm25s's list is short; these question words carry no topic either.
_STOPWORDS = frozenset(STOPWORDS_EN) | {"how", "what", "which", "who", "when", "where", "why", "does", "do",
                                        "did", "can", "could", "would", "should", "will", "is", "are", "was"}


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-cased, stop-word-free, stemmed tokens of ``text``; Han runs as folded character pairs."""
    if not has_han(text):  # the common case, as fast as it was before Chinese
        return _stemmer().stemWords([w for w in _PLAIN_WORD.findall(text.lower()) if w not in _STOPWORDS])
    tokens: list[str] = []
    words: list[str] = []
    for han, word in _WORD.findall(text.lower()):
        if han:
            tokens.extend(_stemmer().stemWords(words))
            words = []
            tokens.extend(han_bigrams(fold(han)))
        elif word not in _STOPWORDS:
            words.append(word)
    tokens.extend(_stemmer().stemWords(words))
    return tokens
