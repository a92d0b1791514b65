"""Cut documents into chunks: one per policy measure, long passages split at sentence boundaries.

Short unnumbered paragraphs (a dateline, a news story's one-line paragraphs) are joined with their neighbours
(:func:`join_short_paragraphs`). A chunk keeps what retrieval and answering need: its heading path, the bureaux
in its trailing tag, the years and money amounts it names, and its sentences (the extractive backend quotes
them). The text that is embedded starts with the heading path, so a measure that only says "the company
will ..." still carries its topic. Ids are content hashes, so re-indexing only embeds what changed.

>>> from assistant.ingest.corpus import parse_markdown
>>> doc = parse_markdown("d", "# Policy\\n## AI\\n- Continue the $3 billion AI Subsidy Scheme. (ITIB)\\n")
>>> chunk = Chunker(BureauDirectory({"ITIB": "Innovation, Technology and Industry Bureau"})).chunk(doc)[0]
>>> chunk.bureaux, chunk.amounts, chunk.embedding_text()
(('ITIB',), (3000000000.0,), 'Policy > AI: Continue the $3 billion AI Subsidy Scheme.')
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, replace

from assistant.ingest.bureaux import BureauDirectory
from assistant.ingest.documents import Block, Document
from assistant.text.facts import money_amounts, years
from assistant.text.patterns import MONTHS
from assistant.text.sentences import split_sentences

#: Bump when chunk boundaries, fields or the text BM25 reads change: the index rebuilds every chunk when it does.
CHUNKER_VERSION = "9"

SECTION_SEPARATOR = " > "
#: A paragraph shorter than this (a dateline, a news story's one-sentence paragraph) joins its neighbours: alone,
#: "The Government will provide funding on a 1:2 matching basis" no longer says which scheme it is about.
SHORT_PARAGRAPH = 200
#: A bullet shorter than this that ends without a full stop may be the end of the sentence before its list.
LIST_FRAGMENT = 120


MONTH_NAMES = MONTHS.split("|")


@dataclass(frozen=True)
class Chunk:
    """One retrievable passage and what is known about it."""

    id: str
    doc_id: str
    section: tuple[str, ...]
    text: str
    bureaux: tuple[str, ...]
    sentences: tuple[str, ...]
    years: tuple[str, ...] = ()
    amounts: tuple[float, ...] = ()
    position: int = 0
    #: Which piece of its block (paragraph, bullet, row) this is, 0 the first: a block longer than the chunk
    #: size is split into pieces at sentence ends, which together are one statement.
    part: int = 0
    kind: str = "bullet"
    #: The document's metadata, so a citation can say where the passage comes from.
    document_title: str = ""
    document_date: str | None = None
    url: str | None = None
    paragraph: str | None = None
    language: str = "en"
    #: The document in other languages: (doc_id, language, title, url) each, so a citation can show them too.
    versions: tuple[tuple[str, str, str, str | None], ...] = ()

    @property
    def section_path(self) -> str:
        """The heading path as one string, ``Chapter > Section > Subsection``."""
        return SECTION_SEPARATOR.join(self.section)

    def embedding_text(self) -> str:
        """What the embedder sees: the document title, heading path and date, then the passage without its tag.

        The title is left out where the heading path already starts with it; the date is its month and year.
        """
        path = self.section_path
        if self.document_title and (not self.section or self.section[0] != self.document_title):
            path = SECTION_SEPARATOR.join([self.document_title, *self.section])
        if self.document_date:
            # "November 2016" as a question says it: versions of one table at several dates differ by it.
            year, month = self.document_date[:4], self.document_date[5:7]
            known = month.isdigit() and 1 <= int(month) <= 12
            path = f"{path} ({MONTH_NAMES[int(month) - 1]} {year})" if known else f"{path} ({year})"
        return f"{path}: {' '.join(self.sentences)}"

    def lexical_text(self) -> str:
        """What BM25 sees: the passage's own heading, then the passage without its tag.

        Not the document title, date and upper headings that :meth:`embedding_text` gives the embedder: they
        repeat in every passage of a document, and with BM25's length normalisation a short passage of a
        document whose title names the query's subject (a scheme page's "Project duration: Normally within 36
        months") outscored the passage, in that document or another, that answers the question.
        """
        return " ".join([*self.section[-1:], *self.sentences])

    def to_json(self) -> dict:
        """A JSON-ready dict; :meth:`from_json` reads it back."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Chunk:
        """Inverse of :meth:`to_json`."""
        tuples = {k: tuple(data[k]) for k in ("section", "bureaux", "sentences", "years", "amounts") if k in data}
        if "versions" in data:
            tuples["versions"] = tuple(tuple(v) for v in data["versions"])
        return cls(**{**data, **tuples})


def chunk_id(doc_id: str, section: tuple[str, ...], text: str) -> str:
    """A stable id: the hash of document, heading path and text."""
    payload = "\0".join([doc_id, *section, text]).encode()
    return hashlib.sha256(payload).hexdigest()[:16]


def link(url: str | None, anchor: str | None) -> str | None:
    """The document's URL with the section's anchor, where both are known.

    >>> link("https://x.gov.hk/pa.xml", "chapter-iv"), link(None, "a")
    ('https://x.gov.hk/pa.xml#chapter-iv', None)
    """
    if not url:
        return None
    return f"{url.split('#')[0]}#{anchor}" if anchor else url


def _pack_sentences(sentences: list[str], max_chars: int) -> list[list[str]]:
    """Group consecutive sentences into pieces of at most ``max_chars`` (a longer sentence stands alone)."""
    pieces: list[list[str]] = [[]]
    for sentence in sentences:
        current = pieces[-1]
        if current and sum(len(s) + 1 for s in current) + len(sentence) > max_chars:
            pieces.append([sentence])
        else:
            current.append(sentence)
    pieces = [p for p in pieces if p]
    # A short last piece ("I have earmarked $100 million for the Scheme.") no longer says what it is about:
    # it stays with the piece before it, which may then run over max_chars by as much as a short paragraph.
    if len(pieces) > 1 and sum(len(s) + 1 for s in pieces[-1]) < SHORT_PARAGRAPH:
        pieces[-2:] = [pieces[-2] + pieces[-1]]
    return pieces


def join_short_paragraphs(blocks: list[Block], max_chars: int) -> list[Block]:
    """Consecutive unnumbered paragraphs under the same headings joined while one is short and both fit.

    Only paragraphs without a number: a numbered paragraph ("77.") is a unit that is cited by its number and
    matched to its other language versions, and a bullet or a table row is a measure or a record of its own.

    >>> blocks = [Block("paragraph", ("News",), "July 27, 2020"), Block("paragraph", ("News",), "The fund opens."),
    ...           Block("bullet", ("News",), "A measure.")]
    >>> [b.text for b in join_short_paragraphs(blocks, 450)]
    ['July 27, 2020 The fund opens.', 'A measure.']
    """
    joined: list[Block] = []
    for block in blocks:
        last = joined[-1] if joined else None
        if (last is not None and last.kind == block.kind == "paragraph" and last.paragraph is None
                and block.paragraph is None and last.heading_path == block.heading_path
                and min(len(last.text), len(block.text)) < SHORT_PARAGRAPH
                and len(last.text) + 1 + len(block.text) <= max_chars):
            joined[-1] = replace(last, text=f"{last.text} {block.text}")
        else:
            joined.append(block)
    return joined


def items_with_lead_in(blocks: list[Block]) -> list[Block]:
    """Each short bullet that only finishes the sentence before its list given that sentence to open it.

    A page lists "Promotion activities include:" and then "Online trade exhibitions", "Business missions outside
    Hong Kong": alone, an item no longer says what it is a case of, and a question about the fund finds it only
    by its heading. A bullet that is a measure of its own (a sentence, or longer than ``LIST_FRAGMENT`` characters)
    is left as it is.

    >>> blocks = [Block("paragraph", ("Fund",), "Details. Promotion activities include:"),
    ...           Block("bullet", ("Fund",), "Online trade exhibitions"), Block("bullet", ("Fund",), "A measure.")]
    >>> [b.text for b in items_with_lead_in(blocks)][1:]
    ['Promotion activities include: Online trade exhibitions', 'A measure.']
    """
    result: list[Block] = []
    lead: tuple[tuple[str, ...], str] | None = None  # the headings and the last sentence of a list's lead-in
    for block in blocks:
        if block.kind == "paragraph":
            opens_list = block.text.rstrip().endswith((":", "："))
            lead = (block.heading_path, split_sentences(block.text)[-1]) if opens_list else None
        elif block.kind != "bullet":
            lead = None
        elif (lead is not None and lead[0] == block.heading_path and len(block.text) < LIST_FRAGMENT
              and not block.text.rstrip().endswith((".", "。", "!", "?"))):
            block = replace(block, text=f"{lead[1]} {block.text}")
        result.append(block)
    return result


def _without_repeats(chunks: list[Chunk]) -> list[Chunk]:
    """Drop a passage repeated word for word under the same headings: it would share its id."""
    seen: set[str] = set()
    return [c for c in chunks if not (c.id in seen or seen.add(c.id))]


class Chunker:
    """Turns documents into chunks; ``max_chars`` bounds a chunk's passage text."""

    def __init__(self, bureaux: BureauDirectory, max_chars: int = 450) -> None:
        self.bureaux = bureaux
        self.max_chars = max_chars

    def chunk(self, document: Document) -> list[Chunk]:
        """All chunks of one document, in reading order."""
        chunks: list[Chunk] = []
        for block in items_with_lead_in(join_short_paragraphs(list(document.blocks), self.max_chars)):
            chunks.extend(self._chunk_block(document, block, start=len(chunks)))
        return _without_repeats(chunks)

    def _chunk_block(self, document: Document, block: Block, start: int) -> list[Chunk]:
        doc_id = document.doc_id
        body, codes = self.bureaux.split_tag(block.text)
        tag = block.text[len(body):].strip()
        pieces = _pack_sentences(split_sentences(body), self.max_chars)
        chunks = []
        for offset, sentences in enumerate(pieces):
            text = " ".join(sentences)
            # Every piece carries the bureau tag, so a split measure still names who is responsible.
            shown = f"{text} {tag}".strip()
            chunks.append(Chunk(
                id=chunk_id(doc_id, block.heading_path, shown),
                doc_id=doc_id,
                section=block.heading_path,
                text=shown,
                bureaux=codes,
                sentences=tuple(sentences),
                years=tuple(dict.fromkeys(years(text))),
                amounts=tuple(dict.fromkeys(money_amounts(text))),
                position=start + offset,
                part=offset,
                kind=block.kind,
                document_title=document.title,
                document_date=document.date,
                url=link(document.url, block.anchor),
                paragraph=block.paragraph,
                language=document.language,
                versions=tuple((v.doc_id, v.language, v.title, v.url) for v in document.versions),
            ))
        return chunks
