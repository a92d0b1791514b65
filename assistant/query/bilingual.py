"""The bilingual glossary (``corpus/glossary.yaml``): the corpus's names in English and their Chinese names.

The content team keeps the file; this reads it. A Chinese question's names are found in it (longest name
first, every spelling folded to one form by :func:`assistant.text.chinese.fold`, so Simplified, Traditional
and Hong Kong variants all match), an English sentence's names are shown with their official Chinese name,
and verification checks that a Chinese sentence names what its passage names. Its ``terms`` are ordinary
words a dictionary would translate, in the document's own English.

>>> glossary = BilingualGlossary.from_data({"entries": [
...     {"en": "$3 billion AI Subsidy Scheme", "en_aliases": ["AI Subsidy Scheme"], "kind": "scheme",
...      "zh_hant": ["人工智能資助計劃"], "zh_hans": ["人工智能资助计划"], "aliases": ["AI資助計劃"]}],
...     "terms": [{"zh_hant": ["資助"], "zh_hans": ["资助"], "en": ["subsidy"]}]})
>>> [(span, name.english) for span, name in glossary.names_in("政府個AI资助计划有幾多錢？")]
[('AI资助计划', 'AI Subsidy Scheme')]
>>> [name.chinese for name in glossary.named_in("The $3 billion AI Subsidy Scheme will continue.")]
['人工智能資助計劃']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from assistant.text.alternation import literal_pattern
from assistant.text.chinese import fold
from assistant.text.facts import without_money

#: The file in the corpus folder.
GLOSSARY_FILE = "glossary.yaml"


@dataclass(frozen=True)
class Name:
    """One name of the glossary: its English forms (as the document writes them) and Chinese forms."""

    #: The English forms, the glossary's ``en`` first, then its ``en_aliases``.
    english_forms: tuple[str, ...]
    #: The Chinese forms: the name to show first, then Simplified forms and aliases (for recognising only).
    chinese_forms: tuple[str, ...]
    kind: str = "term"
    code: str | None = None

    @property
    def english(self) -> str:
        """The English name for a query: the longest form without an amount ("AI Subsidy Scheme")."""
        plain = [" ".join(without_money(f).split()) for f in self.english_forms]
        return max((p for p in plain if p), key=len, default=self.english_forms[0])

    @property
    def chinese(self) -> str:
        """The Chinese name to show (the glossary's first Traditional form)."""
        return self.chinese_forms[0]


@dataclass(frozen=True)
class BilingualGlossary:
    """The names and the terms of the glossary."""

    names: tuple[Name, ...]
    #: Folded Chinese word -> the English words of a glossary term.
    terms: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls, corpus_dir: Path) -> BilingualGlossary:
        """The glossary of ``corpus_dir``; an empty one when the corpus has none."""
        path = corpus_dir / GLOSSARY_FILE
        if not path.exists():
            return cls((), {})
        try:
            return cls.from_data(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        except (yaml.YAMLError, KeyError, TypeError) as exc:
            raise ValueError(f"{path} is not a valid glossary: {exc}") from exc

    @classmethod
    def from_data(cls, data: dict) -> BilingualGlossary:
        """The glossary from the file's parsed YAML."""
        names = tuple(
            Name(tuple([e["en"], *e.get("en_aliases", [])]),
                 tuple(dict.fromkeys([*e["zh_hant"], *e.get("zh_hans", []), *e.get("aliases", [])])),
                 e.get("kind", "term"), e.get("code"))
            for e in data.get("entries", []))
        terms: dict[str, tuple[str, ...]] = {}
        for term in data.get("terms", []):
            for word in [*term.get("zh_hant", []), *term.get("zh_hans", [])]:
                terms.setdefault(fold(word), tuple(term["en"]))
        return cls(names, terms)

    @cached_property
    def _by_chinese(self) -> dict[str, Name]:
        """Folded Chinese form -> its name; a form two names share names the first."""
        table: dict[str, Name] = {}
        for name in self.names:
            for form in name.chinese_forms:
                table.setdefault(fold(form).casefold(), name)
        return table

    @cached_property
    def _chinese_pattern(self) -> re.Pattern | None:
        pattern = literal_pattern(self._by_chinese, before=_latin_boundary("(?<!"), after=_latin_boundary("(?!"))
        return re.compile(pattern) if pattern else None

    @cached_property
    def _by_english(self) -> dict[str, Name]:
        return {f.casefold(): n for n in self.names for f in n.english_forms}

    @cached_property
    def _english_pattern(self) -> re.Pattern | None:
        pattern = literal_pattern(self._by_english, before=lambda char: r"(?<!\w)", after=lambda char: r"(?!\w)")
        return re.compile(pattern, re.I) if pattern else None

    def chinese_words(self) -> list[str]:
        """Every Chinese form of every name and term, folded: the words a segmenter must keep whole."""
        return [*self._by_chinese, *self.terms]

    def names_in(self, text: str) -> Iterator[tuple[str, Name]]:
        """The glossary names a Chinese text writes, longest first where they overlap, with the span as written.

        Matching is on the folded text; the span is cut from ``text`` itself where folding kept its length.
        """
        if self._chinese_pattern is None:
            return
        folded = fold(text).casefold()
        same = len(folded) == len(text)
        for match in self._chinese_pattern.finditer(folded):
            yield text[match.start():match.end()] if same else match.group(), self._by_chinese[match.group()]

    def named_in(self, english: str) -> list[Name]:
        """The names an English text writes, each once, longest form first where forms overlap."""
        if self._english_pattern is None:
            return []
        found = (self._by_english[m.group().casefold()] for m in self._english_pattern.finditer(english))
        return list(dict.fromkeys(found))


def _latin_boundary(assertion: str) -> Callable[[str], str]:
    """The boundary at a form's end character: none for a Chinese one.

    A Latin letter or digit must not run on into a word ("HA" in "Exchange"). ``assertion`` opens the lookbehind or
    the lookahead.
    """
    return lambda char: f"{assertion}[a-z0-9])" if char.isascii() and char.isalnum() else ""
