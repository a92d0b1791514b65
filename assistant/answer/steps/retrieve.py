"""Step ``retrieve``: embed the query (each of its phrasings) and find its best passages, dense and BM25 fused.

Where the corpus links language versions of a document, a passage is given in the version in the question's
language (:meth:`assistant.retrieval.Retriever.in_language`).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from assistant.answer.context import AnswerContext
from assistant.answer.events import AnswerEvent, VectorsWanted
from assistant.query.encoding import QueryEncoder, query_phrasings
from assistant.retrieval import Filters, Passage, Retriever


class Retrieve:
    """Sets ``context.vectors`` and ``context.passages``."""

    name = "retrieve"

    def __init__(self, queries: QueryEncoder, retriever: Retriever, top_k: int) -> None:
        self.queries = queries
        self.retriever = retriever
        self.top_k = top_k

    def search(self, query: str, k: int | None = None, filters: Filters = Filters(),
               language: str | None = None) -> tuple[np.ndarray, list[Passage]]:
        """The query's vectors (one per phrasing) and its ``k`` best passages (default: ``top_k``).

        With ``language``, a linked document's passages are given in its version in that language.
        """
        vectors = self.queries.encode(query_phrasings(query))
        return vectors, self.retriever.search(query, k or self.top_k, filters, query_vectors=vectors,
                                              language=language)

    def run(self, context: AnswerContext) -> Iterator[AnswerEvent]:
        """Search with ``context.query``; of a document in two languages, the version in the question's.

        The vectors are asked of the caller first (:class:`VectorsWanted`); one that does not fill them in
        gets them embedded here.
        """
        wanted = VectorsWanted(query_phrasings(context.query))
        yield wanted
        vectors = self.queries.encode(wanted.texts) if wanted.vectors is None else wanted.vectors
        context.vectors = vectors
        context.passages = self.retriever.search(context.query, self.top_k, context.filters, query_vectors=vectors,
                                                 language=context.reading.language)
