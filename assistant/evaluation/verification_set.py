"""How well the citation verifier tells supported sentences from injected ones, on a labelled set.

The set (``eval/verification/sentences.yaml``) names passages of the corpus by verbatim quotes and lists,
for each, sentences its passage supports and sentences it does not (by kind: links, negations,
instructions, wrong figures, ...). Each sentence is checked as the service checks a generated sentence:
cited ``[1]`` to that passage's text, headings and bureau names, by a verifier that knows the corpus.

>>> chunks, bureaux = corpus_chunks(get_settings())                                     # doctest: +SKIP
>>> scores = measure(service_verifier(chunks), load_labelled(PATH, chunks, bureaux))   # doctest: +SKIP
>>> scores.kept, scores.dropped                                                         # doctest: +SKIP
(0.92, 0.99)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.answer.verification import CitationVerifier
from assistant.config import Settings
from assistant.evaluation.sources import SourceResolver
from assistant.index.loaded import BUREAUX_FILE
from assistant.ingest.bureaux import BureauDirectory
from assistant.ingest.chunking import Chunk, Chunker
from assistant.ingest.corpus import load_corpus
from assistant.text.markers import cite
from assistant.types import Bureau, Citation


@dataclass(frozen=True)
class LabelledSentence:
    """A sentence, the evidence of the passage it cites, and whether that passage supports it."""

    text: str
    supported: bool
    kind: str  # "supported", or what is wrong with it: link, negation, instruction, figure, ...
    evidence: str


@dataclass(frozen=True)
class Scores:
    """The verifier's verdicts on a labelled set."""

    supported: int
    unsupported: int
    kept: float  # share of supported sentences the verifier keeps (recall of "supported")
    dropped: float  # share of unsupported sentences it drops
    precision: float  # share of kept sentences that are supported
    dropped_by_kind: dict[str, float]
    mistakes: list[tuple[LabelledSentence, list[str]]]  # wrongly kept (no problems) or wrongly dropped


def corpus_chunks(settings: Settings) -> tuple[list[Chunk], BureauDirectory]:
    """The corpus's chunks, as the index builder makes them (no embedding needed), and its bureaux."""
    bureaux = BureauDirectory.load(settings.corpus_dir / BUREAUX_FILE)
    chunker = Chunker(bureaux, settings.chunk_max_chars)
    return [chunk for document in load_corpus(settings.corpus_dir) for chunk in chunker.chunk(document)], bureaux


def service_verifier(chunks: list[Chunk], **claim_options: float | bool) -> CitationVerifier:
    """The verifier the service builds for these chunks (:class:`assistant.service.Assistant`)."""
    return CitationVerifier.for_passages((" ".join(c.sentences) for c in chunks), **claim_options)


def evidence_of(chunk: Chunk, bureaux: BureauDirectory) -> str:
    """What a sentence citing ``chunk`` may rely on, exactly as the service builds it."""
    citation = Citation(n=1, id=chunk.id, text=chunk.text, section=chunk.section_path, score=0.0,
                        bureaux=[Bureau(**b) for b in bureaux.describe(chunk.bureaux)])
    return citation.support_text()


def load_labelled(path: Path, chunks: list[Chunk], bureaux: BureauDirectory) -> list[LabelledSentence]:
    """Every sentence of the set, with its passage's evidence; a quote must name exactly one passage."""
    resolver = SourceResolver(chunks)
    by_id = {chunk.id: chunk for chunk in chunks}
    sentences = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        [ids] = resolver.resolve([entry["passage"]]).groups or [frozenset()]
        if len(ids) != 1:
            raise ValueError(f"{path}: {entry['passage']!r} names {len(ids)} passages, not one")
        evidence = evidence_of(by_id[next(iter(ids))], bureaux)
        sentences += [LabelledSentence(text, True, "supported", evidence) for text in entry.get("supported", [])]
        sentences += [LabelledSentence(item["text"], False, item["kind"], evidence)
                      for item in entry.get("unsupported", [])]
    return sentences


def measure(verifier: CitationVerifier, sentences: Iterable[LabelledSentence]) -> Scores:
    """Check every sentence cited ``[1]`` to its passage, and score the verdicts."""
    sentences = list(sentences)
    verdicts = [verifier.check(cite(s.text, 1), {1: s.evidence}) for s in sentences]
    kept = [(s, v) for s, v in zip(sentences, verdicts, strict=True) if v.supported]
    supported = sum(s.supported for s in sentences)
    unsupported = len(sentences) - supported
    by_kind: dict[str, list[bool]] = {}
    for sentence, verdict in zip(sentences, verdicts, strict=True):
        if not sentence.supported:
            by_kind.setdefault(sentence.kind, []).append(not verdict.supported)
    mistakes = [(s, v.problems) for s, v in zip(sentences, verdicts, strict=True) if s.supported != v.supported]
    return Scores(
        supported=supported, unsupported=unsupported,
        kept=sum(s.supported for s, _ in kept) / supported if supported else 0.0,
        dropped=1 - sum(not s.supported for s, _ in kept) / unsupported if unsupported else 1.0,
        precision=sum(s.supported for s, _ in kept) / len(kept) if kept else 1.0,
        dropped_by_kind={kind: sum(hits) / len(hits) for kind, hits in sorted(by_kind.items())},
        mistakes=mistakes)
