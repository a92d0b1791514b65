"""Link the language versions of one document, so that a citation of either can show the other.

A document's metadata may say ``version_of: FILE`` (front matter, sidecar or ``documents.yaml``): the same
document in another language, named by its file in the corpus (``pa2025-en.xml``) or its id (``pa2025-en``).
Links go both ways and chain: every document of one group lists all the others as its versions. A name that
matches no document of the corpus is reported and left out.

>>> from assistant.ingest.documents import parse_markdown
>>> en = parse_markdown("pa-en", "---\\nlanguage: en\\nurl: https://x/en\\n---\\n# Address\\n- Do it.\\n")
>>> zh = parse_markdown("pa-tc", "---\\nlanguage: zh-Hant-HK\\nversion_of: pa-en.md\\n---\\n# 施政報告\\n- 做。\\n")
>>> linked, unknown = link_versions([en, zh])
>>> [(v.doc_id, v.language, v.title) for v in linked[0].versions], [v.doc_id for v in linked[1].versions], unknown
([('pa-tc', 'zh-Hant-HK', '施政報告')], ['pa-en'], [])
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

from assistant.ingest.documents import Document, Version


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
