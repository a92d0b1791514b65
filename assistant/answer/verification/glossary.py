"""Acronyms the corpus defines, so that a sentence may spell out what its passage abbreviates, and back.

A definition is a run of words followed by an acronym in brackets whose letters are the words' initials:
"the Hospital Authority (HA)", "boundary control points (BCPs)", "research and development (R&D)". A
passage that says "HA" then supports a sentence that says "Hospital Authority", and the other way round,
wherever in the corpus the definition was made.

>>> glossary = Glossary.of(["The Hospital Authority (HA) will help.", "Use boundary control points (BCPs)."])
>>> glossary.expand("The HA will set up an office.")
'The HA will set up an office. Hospital Authority'
>>> glossary.expand("At the boundary control points.")
'At the boundary control points. BCPs'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_DEFINED = re.compile(r"\(([A-Z][A-Za-z&]*[A-Z])(s?)\)")
_ACRONYM = re.compile(r"(?<![\w&])[A-Z][A-Za-z&]*[A-Z]s?(?![\w&])")
_WORD = re.compile(r"[A-Za-z][\w'-]*")
_JOINING = frozenset({"and", "of", "for", "the", "&"})
_MAX_WORDS = 8


def _expansion(before: str, letters: str) -> str | None:
    """The words just before an acronym whose initials spell ``letters``, or ``None``."""
    words = _WORD.findall(before)[-_MAX_WORDS:]
    wanted = [c for c in letters.upper() if c.isalpha()]
    picked: list[str] = []
    for word in reversed(words):
        if not wanted:
            break
        if word.lower() in _JOINING and picked:
            picked.append(word)
            continue
        # "Guangdong-Hong Kong-Macao Greater Bay Area (GBA)": a hyphenated word gives its last part's initial.
        if word.split("-")[-1][:1].upper() != wanted[-1]:
            return None
        wanted.pop()
        picked.append(word)
    return " ".join(reversed(picked)).strip() if not wanted else None


@dataclass(frozen=True)
class Glossary:
    """Acronym -> the words it stands for, as the corpus defines them."""

    terms: dict[str, str]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Glossary:
        """Every definition in ``texts`` (the first one wins when an acronym is defined twice)."""
        terms: dict[str, str] = {}
        for text in texts:
            for match in _DEFINED.finditer(text):
                acronym = match.group(1) + match.group(2)
                expansion = _expansion(text[: match.start()], match.group(1))
                if expansion:
                    terms.setdefault(acronym, expansion)
        return cls(terms)

    def expand(self, evidence: str) -> str:
        """``evidence`` followed by the other form of every defined term it uses."""
        folded = evidence.casefold()
        used = set(_ACRONYM.findall(evidence))
        extra = [self.terms[a] for a in used if a in self.terms and self.terms[a].casefold() not in folded]
        extra += [a for a, expansion in self.terms.items() if a not in used and expansion.casefold() in folded]
        return " ".join([evidence, *extra])
