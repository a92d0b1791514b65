"""Groups of cases: a suite, the cases with some tags, or both; summaries per group and per tag.

Thresholds, the terminal table and the reports all name groups the same way:

>>> Selector.parse("personas,tag:citizen,-tag:follow-up").describe()
'personas +citizen -follow-up'
>>> Selector.parse("all") == Selector()
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.evaluation.runner import CaseResult, summarise
from assistant.evaluation.suite import Case


class SelectorError(ValueError):
    """A group selector that cannot be parsed."""


@dataclass(frozen=True)
class Selector:
    """Cases of ``suite`` (any suite when ``None``) having every tag in ``tags`` and none in ``without``."""

    suite: str | None = None
    tags: tuple[str, ...] = ()
    without: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Selector:
        """Comma-separated terms: ``all``, a suite name, ``tag:NAME``, ``-tag:NAME``."""
        suite, tags, without = None, [], []
        for term in filter(None, (t.strip() for t in text.split(","))):
            if term.startswith("tag:"):
                tags.append(term[4:])
            elif term.startswith("-tag:"):
                without.append(term[5:])
            elif term == "all":
                continue
            elif suite is None and ":" not in term:
                suite = term
            else:
                raise SelectorError(f"cannot read group {text!r}: use a suite name, tag:NAME or -tag:NAME")
        return cls(suite, tuple(tags), tuple(without))

    def matches(self, case: Case) -> bool:
        """Whether ``case`` belongs to the group."""
        return ((self.suite is None or case.suite == self.suite) and all(t in case.tags for t in self.tags)
                and not any(t in case.tags for t in self.without))

    def describe(self) -> str:
        """A short human name, e.g. ``personas -follow-up``."""
        parts = [self.suite or ""] + [f"+{t}" for t in self.tags] + [f"-{t}" for t in self.without]
        return " ".join(p for p in parts if p) or "all"

    def select(self, results: Sequence[CaseResult]) -> list[CaseResult]:
        """The results of the cases in the group."""
        return [r for r in results if self.matches(r.case)]


def by_suite(results: Sequence[CaseResult]) -> dict[str, dict[str, float | int]]:
    """Summary per suite, in the order the suites ran."""
    suites = dict.fromkeys(r.case.suite for r in results)
    return {suite: summarise(Selector(suite).select(results)) for suite in suites}


def by_tag(results: Sequence[CaseResult]) -> dict[str, dict[str, float | int]]:
    """Summary per tag, tags sorted by name."""
    tags = sorted({tag for r in results for tag in r.case.tags})
    return {tag: summarise(Selector(tags=(tag,)).select(results)) for tag in tags}
