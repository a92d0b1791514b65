"""Step ``retrieve``: embed the query (each of its phrasings) and find its best passages, dense and BM25 fused.

Where the corpus links language versions of a document, the question's language picks the version searched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import numpy as np

from assistant.answer.context import AnswerContext
from assistant.answer.events import AnswerEvent
from assistant.query.encoding import QueryEncoder, query_phrasings
from assistant.retrieval import Filters, Passage, Retriever


class Retrieve:
    """Sets ``context.vectors`` and ``context.passages``."""

    name = "retrieve"

    def __init__(self, queries: QueryEncoder, retriever: Retriever, top_k: int, linked_versions: bool = False) -> None:
        self.queries = queries
        self.retriever = retriever
        self.top_k = top_k
        #: Whether the index has documents linked to their other-language versions (else nothing to choose).
        self.linked_versions = linked_versions

    def search(self, query: str, k: int | None = None,
               filters: Filters = Filters()) -> tuple[np.ndarray, list[Passage]]:
        """The query's vectors (one per phrasing) and its ``k`` best passages (default: ``top_k``)."""
        vectors = self.queries.encode(query_phrasings(query))
        return vectors, self.retriever.search(query, k or self.top_k, filters, query_vectors=vectors)

    def run(self, context: AnswerContext) -> Iterable[AnswerEvent]:
        """Search with ``context.query``; of a document in two languages, the version in the question's."""
        filters = context.filters
        if self.linked_versions:
            filters = replace(filters, language=context.reading.language)
        context.vectors, context.passages = self.search(context.query, filters=filters)
        return ()
