"""Check each sentence of an answer against the passages it cites, and keep only the supported ones.

A sentence is supported when it cites at least one source and its cited sources (text, headings and
bureau names) support all of it:

* every contact in it (link, e-mail address, phone number) is exactly one the cited passage or the corpus
  has (:mod:`assistant.answer.verification.contacts`);
* every money amount, number, name and acronym in it appears in the cited passage (an acronym the corpus
  defines may stand for its words, and the other way round: :mod:`assistant.answer.verification.glossary`);
* every word that carries its claim is in the cited passage, up to a small budget of generic paraphrase
  words, and never a negation, reversal or instruction to the reader the passage does not have
  (:mod:`assistant.answer.verification.claims`).

A sentence without a citation that exactly one source supports is attributed to that source (small
models often forget the marker); one that no source or several sources could support stays uncited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.answer.verification.chinese import ChineseClaims
from assistant.answer.verification.claims import ClaimCheck, Vocabulary
from assistant.answer.verification.contacts import find_contacts, without_contacts
from assistant.answer.verification.glossary import Glossary
from assistant.text.chinese import HAN, has_han, without_chinese_amounts
from assistant.text.facts import money_amounts, numbers
from assistant.text.markers import answer_sentences, cite, keep_known_markers, parse_markers, strip_markers
from assistant.text.patterns import ACRONYM, MULTI_WORD_NAME

_ACRONYM = re.compile(ACRONYM)
# In a sentence, a capitalised run at its start may be an ordinary first word: such runs are not names.
_CAPITALISED_RUN = re.compile(r"(?<!^)(?<![.!?]\s)" + MULTI_WORD_NAME)
_ANY_CAPITALISED_RUN = re.compile(MULTI_WORD_NAME)
_POSSESSIVE = re.compile(r"'s?$")
_DECLINE = re.compile(r"\b(?:does not|doesn't|do not|don't|cannot|can't|not (?:mention|state|say|specif|cover|"
                      r"answer|provide|give)\w*|no information)\b", re.IGNORECASE)


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
    claim; they need not appear in the cited passage. ``claims`` checks a sentence's words (by default
    without knowing which words are generic in the corpus); ``corpus_contacts`` are the links, e-mail
    addresses and phone numbers the corpus has; ``glossary`` holds the acronyms it defines; ``chinese``
    checks the Chinese of a sentence whose passage is in English (its amounts, glossary names and strict
    words: :mod:`assistant.answer.verification.chinese`). :meth:`for_passages` builds all of them from the corpus.

    >>> verifier = CitationVerifier()
    >>> result = verifier.verify("It has $3 billion [1]. It has $9 billion [1].", {1: "the $3 billion scheme"})
    >>> result.text, result.grounded
    ('It has $3 billion [1].', 0.5)
    """

    def __init__(self, common_names: Iterable[str] = (), claims: ClaimCheck | None = None,
                 corpus_contacts: Iterable[str] = (), glossary: Glossary | None = None,
                 chinese: ChineseClaims | None = None) -> None:
        self.common_names = {n.casefold() for n in common_names}
        self.chinese = chinese
        self.claims = claims or ClaimCheck(free_words=self.common_names)
        self.corpus_contacts = frozenset(corpus_contacts)
        # A passage is checked against every sentence that cites it: expand its acronyms once.
        self._evidence = lru_cache(maxsize=1024)((glossary or Glossary({})).expand)

    @classmethod
    def for_passages(cls, texts: Iterable[str], chinese: ChineseClaims | None = None,
                     **claim_options: float | bool) -> CitationVerifier:
        """A verifier that knows the corpus of ``texts``: its common names, generic words and contacts.

        ``claim_options`` go to :class:`~assistant.answer.verification.claims.ClaimCheck` (``budget``, ...).
        """
        texts = list(texts)
        names = common_names(texts)
        claims = ClaimCheck(Vocabulary.of(texts), free_words=names, **claim_options)
        contacts = {contact for text in texts for contact in find_contacts(text)}
        return cls(names, claims, contacts, Glossary.of(texts), chinese)

    def check(self, sentence: str, sources: dict[int, str]) -> SentenceCheck:
        """Check one sentence; markers that point to no source are removed from its text."""
        cited = [n for n in parse_markers(sentence) if n in sources]
        text = keep_known_markers(sentence, sources)
        body = strip_markers(text)
        if body.endswith("?"):  # a question (often the user's, echoed back) asserts nothing
            return SentenceCheck(text, cited, False, ["a question, not an answer"])
        if not cited:
            return self._attribute(body, sources)
        problems = self.problems(body, " ".join(sources[n] for n in cited))
        return SentenceCheck(text, cited, not problems, problems)

    def verify(self, answer: str, sources: dict[int, str]) -> Verification:
        """Check every sentence of ``answer``."""
        return Verification([self.check(s, sources) for s in answer_sentences(answer)])

    def problems(self, body: str, evidence: str) -> list[str]:
        """Why ``evidence`` does not support the sentence ``body`` (without markers); empty when it does."""
        evidence = self._evidence(evidence)
        problems = self._unknown_contacts(body, evidence)
        plain = without_contacts(body)
        if self.chinese is not None and has_han(plain) and not has_han(evidence):
            return problems + self._chinese_problems(plain, evidence)
        return problems + self._unsupported_facts(plain, evidence) + self.claims.problems(plain, evidence)

    def _chinese_problems(self, sentence: str, evidence: str) -> list[str]:
        """A Chinese sentence against an English passage: its Chinese by the Chinese check, the rest as usual."""
        rest = HAN.sub(" ", without_chinese_amounts(sentence))
        problems = self._unsupported_facts(rest, evidence) + self.chinese.problems(sentence, evidence)
        if any(c.isalpha() for c in rest):
            problems += [p for p in self.claims.problems(rest, evidence) if not p.startswith("it claims nothing")]
        return problems

    def _attribute(self, body: str, sources: dict[int, str]) -> SentenceCheck:
        """Cite an uncited sentence to the one source that supports it, if exactly one does."""
        supporting = [n for n, evidence in sources.items() if not self.problems(body, evidence)]
        if body and len(supporting) == 1 and not looks_like_decline(body):
            return SentenceCheck(cite(body, supporting[0]), supporting, True, attributed=True)
        return SentenceCheck(body, [], False, ["cites no source"])

    def _unknown_contacts(self, sentence: str, evidence: str) -> list[str]:
        contacts = find_contacts(sentence)
        if not contacts:
            return []
        known = set(find_contacts(evidence))
        unknown = [c for c in contacts if c not in known and c not in self.corpus_contacts]
        return [f"contact '{c}' is in neither the cited passage nor the corpus" for c in unknown]

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
            if not self._name_is_known(name, folded):
                problems.append(f"name '{name}' is not in the cited passage")
        return problems

    def _name_is_known(self, name: str, folded_evidence: str) -> bool:
        """Whether the passage has the name; "A and B" needs both A and B, "A's" needs A."""
        parts = [_POSSESSIVE.sub("", part).casefold() for part in re.split(r"\s+and\s+", name)]
        return all(part in folded_evidence or part in self.common_names for part in parts)


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
