"""Check an answer's citations sentence by sentence, whatever backend wrote it.

Markers ``[1]``, ``[1, 3]`` and ``[1][2]`` are parsed; a marker that points to no source is dropped. A
sentence is supported when it cites at least one source and every checkable fact in it (money amounts,
years, other numbers, names and acronyms) appears in the sources it cites, and enough of its words do.
A sentence without a citation that exactly one source supports is attributed to that source (small
models often forget the marker); one that no source or several sources could support stays uncited.
Unsupported sentences are removed; ``grounded`` is the share of sentences that were supported.

>>> verifier = CitationVerifier()
>>> result = verifier.verify("It has $3 billion [1]. It has $9 billion [1].", {1: "the $3 billion scheme"})
>>> result.text, result.grounded
('It has $3 billion [1].', 0.5)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.chunking import split_sentences
from assistant.extractive import cite
from assistant.facts import money_amounts, numbers
from assistant.lexical import tokenize

_MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
# "... Centre. [1]" and "... Centre.[1][2]": the markers belong to the sentence before the stop.
_MARKERS_AFTER_STOP = re.compile(r"([.!?])\s*((?:\[\d+(?:\s*[,;]\s*\d+)*\]\s*)+)")
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z]*[A-Z]\w*\b")
_NAME_WORDS = r"\b[A-Z][a-z][\w'-]*(?:\s+(?:of|and|for|the)?\s*[A-Z][\w'-]+)+"
# In a sentence, a capitalised run at its start may be an ordinary first word: such runs are not names.
_CAPITALISED_RUN = re.compile(r"(?<!^)(?<![.!?]\s)" + _NAME_WORDS)
_ANY_CAPITALISED_RUN = re.compile(_NAME_WORDS)
# Share of a sentence's topic words that its cited sources must contain.
MIN_WORD_OVERLAP = 0.3
_DECLINE = re.compile(r"\b(?:does not|doesn't|do not|don't|cannot|can't|not (?:mention|state|say|specif|cover|"
                      r"answer|provide|give)\w*|no information)\b", re.IGNORECASE)


def parse_markers(sentence: str) -> list[int]:
    """Every source number a sentence cites, in order, without repeats."""
    found = [int(n) for group in _MARKER.findall(sentence) for n in re.split(r"\s*[,;]\s*", group)]
    return list(dict.fromkeys(found))


def strip_markers(sentence: str) -> str:
    """The sentence without its markers."""
    return re.sub(r"\s+([.!?,;:])", r"\1", _MARKER.sub("", sentence)).strip()


def answer_sentences(text: str) -> list[str]:
    """Split an answer into sentences, keeping each sentence's markers with it."""
    text = _MARKERS_AFTER_STOP.sub(lambda m: f" {m.group(2).strip()}{m.group(1)} ", text)
    return [s for line in text.splitlines() for s in split_sentences(line.strip().lstrip("-*• ").strip())]


def looks_like_decline(text: str) -> bool:
    """Whether an uncited answer says the sources do not answer (the model refusing honestly)."""
    return not parse_markers(text) and bool(_DECLINE.search(text))


@dataclass(frozen=True)
class SentenceCheck:
    """One sentence of an answer and whether its cited sources support it."""

    text: str
    sources: list[int]
    supported: bool
    problems: list[str] = field(default_factory=list)
    attributed: bool = False  # the citation was added by the verifier, not written by the backend


@dataclass(frozen=True)
class Verification:
    """An answer's sentences, checked."""

    sentences: list[SentenceCheck]

    @property
    def text(self) -> str:
        """The supported sentences, in order."""
        return " ".join(s.text for s in self.sentences if s.supported)

    @property
    def grounded(self) -> float:
        """Share of sentences supported (0 for an empty answer)."""
        return sum(s.supported for s in self.sentences) / len(self.sentences) if self.sentences else 0.0

    @property
    def cited(self) -> list[int]:
        """Source numbers cited by supported sentences, in order of first citation."""
        return list(dict.fromkeys(n for s in self.sentences if s.supported for n in s.sources))


class CitationVerifier:
    """Checks sentences against their cited sources.

    ``common_names`` are names so widespread in the corpus ("Hong Kong") that they make no checkable
    claim; they need not appear in the cited passage.
    """

    def __init__(self, common_names: Iterable[str] = ()) -> None:
        self.common_names = {n.casefold() for n in common_names}

    def check(self, sentence: str, sources: dict[int, str]) -> SentenceCheck:
        """Check one sentence; markers that point to no source are removed from its text."""
        cited = [n for n in parse_markers(sentence) if n in sources]
        text = _MARKER.sub(lambda m: _keep_known(m, sources), sentence).strip()
        text = re.sub(r"\s+([.!?,;:])", r"\1", text)
        body = strip_markers(text)
        if body.endswith("?"):  # a question (often the user's, echoed back) asserts nothing
            return SentenceCheck(text, cited, False, ["a question, not an answer"])
        if not cited:
            return self._attribute(body, sources)
        problems = self._problems(body, " ".join(sources[n] for n in cited))
        return SentenceCheck(text, cited, not problems, problems)

    def _attribute(self, body: str, sources: dict[int, str]) -> SentenceCheck:
        """Cite an uncited sentence to the one source that supports it, if exactly one does."""
        supporting = [n for n, evidence in sources.items() if not self._problems(body, evidence)]
        if body and len(supporting) == 1 and not looks_like_decline(body):
            return SentenceCheck(cite(body, supporting[0]), supporting, True, attributed=True)
        return SentenceCheck(body, [], False, ["cites no source"])

    def _problems(self, body: str, evidence: str) -> list[str]:
        problems = self._unsupported_facts(body, evidence)
        words = set(tokenize(body))
        if not words or len(words & set(tokenize(evidence))) / len(words) < MIN_WORD_OVERLAP:
            problems.append("too few of its words are in the cited passage")
        return problems

    def verify(self, answer: str, sources: dict[int, str]) -> Verification:
        """Check every sentence of ``answer``."""
        return Verification([self.check(s, sources) for s in answer_sentences(answer)])

    def _unsupported_facts(self, sentence: str, evidence: str) -> list[str]:
        problems = []
        evidence_amounts = set(money_amounts(evidence))
        for amount in money_amounts(sentence):
            if amount not in evidence_amounts:
                problems.append(f"amount ${amount:,.0f} is not in the cited passage")
        evidence_numbers = set(numbers(evidence))
        for number in numbers(sentence):
            if number not in evidence_numbers:
                problems.append(f"number {number} is not in the cited passage")
        folded = evidence.casefold()
        for name in _ACRONYM.findall(sentence) + _CAPITALISED_RUN.findall(sentence):
            if name.casefold() not in folded and name.casefold() not in self.common_names:
                problems.append(f"name '{name}' is not in the cited passage")
        return problems


def _keep_known(match: re.Match, sources: dict[int, str]) -> str:
    known = [n for n in re.split(r"\s*[,;]\s*", match.group(1)) if int(n) in sources]
    return f"[{', '.join(known)}]" if known else ""


def common_names(texts: Iterable[str], share: float = 0.1, sample: int = 2000) -> set[str]:
    """Names found in at least ``share`` of ``texts`` (a sample of at most ``sample`` of them)."""
    texts = list(texts)
    step = max(1, len(texts) // sample)
    picked = texts[::step]
    counts: dict[str, int] = {}
    for text in picked:
        for name in {n.casefold() for n in _ACRONYM.findall(text) + _ANY_CAPITALISED_RUN.findall(text)}:
            counts[name] = counts.get(name, 0) + 1
    return {name for name, count in counts.items() if count >= share * len(picked)}
