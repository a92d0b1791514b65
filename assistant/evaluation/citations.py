"""Grade an answer's citations one by one: precision (is each one right?), recall (is each source cited?).

A citation is right when its passage is one of the case's expected sources, or when the passage supports
the sentence that cites it, as :class:`assistant.answer.verification.CitationVerifier` decides for the service
(every amount, number and name of the sentence is in the passage, and enough of its words). A marker that
points to no citation is wrong. A sentence is read as the stretches of text that end in markers, so that
"Responsible: FSO [1][2]; ITIB [1]." checks FSO against passages 1 and 2 and ITIB against passage 1 only;
every (stretch, marker) pair counts once.

>>> from assistant.types import Answer, Citation
>>> answer = Answer(answer="It has $3 billion [1]. It has $9 billion [1].",
...                 citations=[Citation(n=1, id="c9", text="The $3 billion scheme.", section="AI", score=0.1)])
>>> [c.correct for c in citation_checks(answer, relevant=set(), verifier=CitationVerifier())]
[True, False]
>>> citation_recall(answer, [frozenset({"c9"}), frozenset({"c2"})])
0.5
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.verification import CitationVerifier
from assistant.text.markers import answer_sentences, parse_markers
from assistant.types import Answer

# A run of markers such as " [1][2]" or " [1, 3]"; split on it, a sentence alternates text and markers.
_MARKER_RUN = re.compile(r"((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")


@dataclass(frozen=True)
class CitationCheck:
    """One marker in one sentence, and whether it is right."""

    sentence: str
    n: int
    chunk_id: str | None
    expected: bool
    supports: bool

    @property
    def correct(self) -> bool:
        """Whether the citation is right: an expected source, or a passage that supports its text."""
        return self.expected or self.supports


def cited_stretches(sentence: str) -> list[tuple[str, list[int]]]:
    """The stretches of ``sentence`` that end in markers, each with the numbers it cites.

    >>> cited_stretches("Responsible: FSO [1][2]; ITIB [1].")
    [('Responsible: FSO', [1, 2]), ('ITIB', [1])]
    """
    parts = _MARKER_RUN.split(sentence)
    return [(parts[i].strip(" ;,."), parse_markers(parts[i + 1])) for i in range(0, len(parts) - 1, 2)]


def citation_checks(answer: Answer, relevant: set[str], verifier: CitationVerifier) -> list[CitationCheck]:
    """Every citation marker of the answer, checked."""
    by_number = {c.n: c for c in answer.citations}
    checks = []
    for sentence in answer_sentences(answer.answer):
        for text, numbers in cited_stretches(sentence):
            for n in numbers:
                citation = by_number.get(n)
                if citation is None:
                    checks.append(CitationCheck(text, n, None, False, False))
                    continue
                supports = verifier.check(f"{text} [{n}].", {n: citation.support_text()}).supported
                checks.append(CitationCheck(text, n, citation.id, citation.id in relevant, supports))
    return checks


def citation_precision(checks: list[CitationCheck]) -> float | None:
    """Share of citation markers that are right; ``None`` for an answer that cites nothing."""
    return sum(c.correct for c in checks) / len(checks) if checks else None


def citation_recall(answer: Answer, groups: list[frozenset[str]]) -> float | None:
    """Share of expected sources the answer cites (any passage of a source counts); ``None`` without sources."""
    if not groups:
        return None
    used = set(parse_markers(answer.answer))
    cited = {c.id for c in answer.citations if c.n in used}
    return sum(bool(group & cited) for group in groups) / len(groups)
