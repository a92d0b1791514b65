"""BM25 over the chunks, through ``bm25s``, with a tokenizer that keeps numbers and acronyms.

bm25s's own tokenizer drops one-character tokens, which loses the "3" of "$3 billion"; ours keeps every
word and number, lower-cases, drops English stop words and stems with PyStemmer (Snowball), so
"subsidies" finds "subsidy".

>>> tokenize("How much is the $3 billion AI Subsidy Scheme?")
['much', '3', 'billion', 'ai', 'subsidi', 'scheme']
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
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


class LexicalIndex:
    """A BM25 index whose rows line up with the chunk list."""

    def __init__(self, model: bm25s.BM25) -> None:
        self._model = model

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        """Index ``texts``; row i of every score array is ``texts[i]``."""
        model = bm25s.BM25()
        # bm25s rejects an empty token list; an empty passage becomes a token that matches no query.
        model.index([tokenize(t) or ["\0"] for t in texts], show_progress=False)
        return cls(model)

    def save(self, folder: Path) -> None:
        """Write the index files into ``folder``."""
        self._model.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Read an index written by :meth:`save`."""
        return cls(bm25s.BM25.load(str(folder), show_progress=False, verbosity=0))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every row for ``query`` (zeros when no query word is in the corpus)."""
        tokens = tokenize(query)
        if not tokens:
            return np.zeros(self._model.scores["num_docs"], dtype=np.float32)
        return self._model.get_scores(tokens)
