"""Stage 5, retrieval: the passages that answer a query, best first.

- :mod:`.search`: :class:`Retriever`, dense (FAISS) and BM25 results fused by normalised scores;
- :mod:`.ordering`: the orderings scores get wrong (a measure's own bullet first, the detail asked for, who
  is responsible);
- :mod:`.newer`: newer policy wins, among versions of one statement in dated documents;
- :mod:`.passages`: what a search returns (:class:`Passage`) and what it may be restricted to (:class:`Filters`).
"""

from assistant.retrieval.newer import asked_periods, prefer_newer, superseded, versions_of
from assistant.retrieval.ordering import prefer_detail, prefer_specific, prefer_tagged, restates
from assistant.retrieval.passages import Filters, Passage
from assistant.retrieval.search import Mode, Retriever, fuse, measures_named

__all__ = ["Filters", "Mode", "Passage", "Retriever", "asked_periods", "fuse", "measures_named", "prefer_detail",
           "prefer_newer", "prefer_specific", "prefer_tagged", "restates", "superseded", "versions_of"]
