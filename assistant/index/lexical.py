"""BM25 over the chunks, through ``bm25s``, with :func:`assistant.text.tokens.tokenize` as its tokenizer.

bm25s's own tokenizer drops one-character tokens, which loses the "3" of "$3 billion"; this one keeps every
word and number, so exact names and figures ("CorpID", "2027") are found even where the embedder blurs them.

>>> LexicalIndex.build(["The $3 billion AI Subsidy Scheme.", "CorpID."]).scores("CorpID").argmax()
np.int64(1)
"""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

from assistant.text.tokens import tokenize


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
