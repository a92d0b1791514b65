"""Newer policy wins: versions of one statement in dated documents, and which of them a question asks for.

A table row at two dates, a measure restated with a new figure in a later Budget: the newest version leads
(:func:`prefer_newer`) and the older ones are not quoted (:func:`superseded`), unless the question names the
period of an older one ("in November 2016", :func:`asked_periods`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.ingest.chunking import MONTH_NAMES, Chunk
from assistant.retrieval.passages import Passage, groups
from assistant.text.facts import years
from assistant.text.patterns import MONTHS

#: Share of content words two passages of different documents must have in common to be versions of one
#: statement (a table row at two dates, a measure restated with a new figure).
VERSION_OVERLAP = 0.6
_WORD = re.compile(r"[^\W\d_]{2,}")
_MONTH_YEAR = re.compile(rf"\b({MONTHS})\s+((?:19|20)\d\d)\b", re.IGNORECASE)


@lru_cache(maxsize=65536)
def _words(text: str) -> frozenset[str]:
    """The lower-cased words of a passage's text; kept per text, as passages are compared pair by pair."""
    return frozenset(w.lower() for w in _WORD.findall(text))


def versions_of(a: Chunk, b: Chunk) -> bool:
    """Whether two passages of different documents say the same thing, figures aside (Jaccard of their words)."""
    if a.doc_id == b.doc_id:
        return False
    words_a, words_b = _words(a.text), _words(b.text)
    return bool(words_a and words_b) and len(words_a & words_b) / len(words_a | words_b) >= VERSION_OVERLAP


def asked_periods(question: str) -> frozenset[str]:
    """The years a question names, and the months it names with a year ("November 2016" is ``2016-11``).

    >>> sorted(asked_periods("In the November 2016 statistics, and by 2018?"))
    ['2016', '2016-11', '2018']
    """
    months = {f"{year}-{MONTH_NAMES.index(month.capitalize()) + 1:02d}"
              for month, year in _MONTH_YEAR.findall(question)}
    return frozenset(years(question)) | months


def _dating(asked: frozenset[str], group: list[Passage]) -> frozenset[str]:
    """The periods a question names that pick a version: not the years the passages say themselves ("since 2016")."""
    stated = {year for p in group for year in years(p.chunk.text)}
    return frozenset(period for period in asked if period[:4] not in stated)


def _named(date: str, dating: frozenset[str]) -> bool:
    """Whether a document ``date`` is of a period the question names: its month where one is named, else its year."""
    months = {period for period in dating if period[:4] == date[:4] and len(period) > 4}
    return date[:7] in months if months else date[:4] in dating


def prefer_newer(passages: list[Passage], asked: frozenset[str] = frozenset()) -> list[Passage]:
    """Newer policy wins: versions of one statement from dated documents, newest first, where the first stood.

    A passage's versions among the later results (:func:`versions_of`) move up next to it, and when every
    one of them is dated the group is ordered newest first; undated documents are never reordered. A question
    that names a year or a month (``asked``: "by the end of 2016", "in November 2016", :func:`asked_periods`)
    asks for the version of then: the versions dated then lead, the newest of them first.
    """
    result: list[Passage] = []
    for group in groups(passages, versions_of):
        if len(group) > 1 and all(p.chunk.document_date for p in group):
            dating = _dating(asked, group)
            group.sort(key=lambda p: (_named(p.chunk.document_date, dating), p.chunk.document_date), reverse=True)
        result += group
    return result


def superseded(passages: list[Passage], asked: frozenset[str] = frozenset()) -> set[int]:
    """Rows of passages that a newer dated version among ``passages`` replaces: the answer does not quote them.

    A version of a period the question names (``asked``, :func:`asked_periods`) is what it asks for, never
    superseded.
    """
    return {old.row for old in passages for new in passages
            if old.chunk.document_date and new.chunk.document_date
            and not _named(old.chunk.document_date, _dating(asked, [old, new]))
            and new.chunk.document_date > old.chunk.document_date and versions_of(old.chunk, new.chunk)}
