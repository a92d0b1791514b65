"""Link the language versions of one document, so that a citation of either can show the other.

A document's metadata may say ``version_of: FILE`` (front matter, sidecar or ``documents.yaml``): the same
document in another language, named by its file in the corpus (``pa2025-en.xml``) or its id (``pa2025-en``).
Links go both ways and chain: every document of one group lists all the others as its versions. A name that
matches no document of the corpus is reported and left out.

Without ``version_of``, two documents in different languages are linked when they number the same paragraphs
(at least :data:`MIN_NUMBERED`) and most paragraphs of one number give the same figures in both: official
bilingual documents (a Policy Address, a Budget speech) are translated paragraph for paragraph, so a corpus
that gets both as bare text files still quotes a Chinese reader the Chinese one (:func:`inferred_versions`).

>>> from assistant.ingest.documents import parse_markdown
>>> en = parse_markdown("pa-en", "---\\nlanguage: en\\nurl: https://x/en\\n---\\n# Address\\n- Do it.\\n")
>>> zh = parse_markdown("pa-tc", "---\\nlanguage: zh-Hant-HK\\nversion_of: pa-en.md\\n---\\n# 施政報告\\n- 做。\\n")
>>> linked, unknown = link_versions([en, zh])
>>> [(v.doc_id, v.language, v.title) for v in linked[0].versions], [v.doc_id for v in linked[1].versions], unknown
([('pa-tc', 'zh-Hant-HK', '施政報告')], ['pa-en'], [])
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from itertools import combinations
from pathlib import PurePosixPath

from assistant.ingest.documents import Document, Version

#: Numbered paragraphs two documents must share, all of them, to be taken for versions of each other.
MIN_NUMBERED = 5
#: Share of their shared paragraphs (those with figures in both, at least FIGURED of them) that must give a
#: figure in common. Years are not counted: two speeches of one year share them paragraph after paragraph.
FIGURES_AGREE = 0.5
FIGURED = 3
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _numbered(document: Document) -> dict[str, set[str]]:
    """Paragraph number -> the figures of its text ("6.1", "28"; not years), for each numbered paragraph."""
    figures: dict[str, set[str]] = defaultdict(set)
    for block in document.blocks:
        if block.paragraph:
            found = _FIGURE.findall(block.text.replace(",", ""))
            figures[block.paragraph] |= {f for f in found if f != block.paragraph and not _YEAR.fullmatch(f)}
    return figures


def _agree(a: dict[str, set[str]], b: dict[str, set[str]]) -> bool:
    """Whether most paragraphs numbered alike that have figures in both share one."""
    both = [number for number in a if a[number] and b.get(number)]
    return len(both) >= FIGURED and sum(bool(a[n] & b[n]) for n in both) / len(both) >= FIGURES_AGREE


def inferred_versions(documents: list[Document]) -> list[tuple[str, str]]:
    """Pairs of document ids that are language versions of one document by their numbering and figures.

    Only documents no ``version_of`` links are paired, and each with one other of a language at most; the
    paragraph numbers must be the same set, so this is one pass over a dictionary, not a comparison of every pair.
    """
    by_id = {d.doc_id: d for d in documents}
    named = {d.doc_id for d in documents if d.version_of} | {
        found for d in documents if d.version_of and (found := _find(d.version_of, by_id))}
    alike: dict[frozenset[str], list[tuple[Document, dict[str, set[str]]]]] = defaultdict(list)
    for document in documents:
        if document.doc_id not in named and len(figures := _numbered(document)) >= MIN_NUMBERED:
            alike[frozenset(figures)].append((document, figures))
    pairs, paired = [], set()  # paired: (document, the language it has a version in already)
    for group in alike.values():
        for (a, figures_a), (b, figures_b) in combinations(group, 2):
            language_a, language_b = primary_language(a.language), primary_language(b.language)
            links = {(a.doc_id, language_b), (b.doc_id, language_a)}
            if language_a != language_b and not links & paired and _agree(figures_a, figures_b):
                pairs.append((a.doc_id, b.doc_id))
                paired |= links
    return pairs


def primary_language(tag: str) -> str:
    """A BCP 47 tag's language, case folded: ``zh`` of ``zh-Hant-HK``."""
    return tag.split("-")[0].casefold()


def _find(name: str, documents: dict[str, Document]) -> str | None:
    """The id of the document ``name`` names: its id, or its file (the id plus a suffix), else ``None``."""
    name = name.strip().lstrip("./")
    if name in documents:
        return name
    stem = PurePosixPath(name).with_suffix("").as_posix()
    return stem if stem in documents else None


def link_versions(documents: list[Document]) -> tuple[list[Document], list[str]]:
    """``documents`` with their ``versions`` filled in, and a line for each ``version_of`` that names no document."""
    by_id = {d.doc_id: d for d in documents}
    parent = {d.doc_id: d.doc_id for d in documents}

    def root(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            doc_id = parent[doc_id]
        return doc_id

    unknown = []
    for a, b in inferred_versions(documents):
        parent[root(a)] = root(b)
    for document in documents:
        if not document.version_of:
            continue
        other = _find(document.version_of, by_id)
        if other is None:
            unknown.append(f"{document.doc_id}: version_of '{document.version_of}' names no document of the corpus")
            continue
        parent[root(document.doc_id)] = root(other)
    groups: dict[str, list[Document]] = {}
    for document in documents:
        groups.setdefault(root(document.doc_id), []).append(document)
    linked = []
    for document in documents:
        others = [d for d in groups[root(document.doc_id)] if d.doc_id != document.doc_id]
        versions = tuple(Version(d.doc_id, d.language, d.title, d.url) for d in others)
        linked.append(replace(document, versions=versions) if versions else document)
    return linked, unknown
