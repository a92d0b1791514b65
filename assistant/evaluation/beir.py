"""BEIR folders: retrieval-only suites over another corpus, searched with the assistant's own retrieval code.

A BEIR folder holds ``corpus.jsonl`` (``_id``, ``title``, ``text``), ``queries.jsonl`` (``_id``, ``text``) and
``qrels/<split>.tsv`` (``query-id``, ``corpus-id``, ``score``; a header line). Its documents are embedded with
the same embedder into a throwaway in-memory index (FAISS inner product and BM25, as ``assistant index``
builds them) and searched by the same :class:`~assistant.retrieval.Retriever`, so the numbers say how this
retrieval does on that corpus. Relevance is binary: a qrels score above 0 is relevant.

>>> suite = load_beir(Path("datasets/scifact"))              # doctest: +SKIP
>>> retriever = beir_retriever(suite, Embedder(), Settings())  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from assistant.config import Settings
from assistant.evaluation.suite import Case, SuiteError
from assistant.index.embedding import Embedder
from assistant.index.lexical import LexicalIndex
from assistant.index.loaded import PolicyIndex
from assistant.ingest.bureaux import BureauDirectory
from assistant.ingest.chunking import Chunk
from assistant.retrieval import Retriever

CORPUS_FILE = "corpus.jsonl"
QUERIES_FILE = "queries.jsonl"
QRELS_DIR = "qrels"


@dataclass(frozen=True)
class BeirSuite:
    """A BEIR folder read into documents (as chunks, one per document) and retrieval-only cases."""

    name: str
    documents: list[Chunk]
    cases: list[Case]


def is_beir_folder(path: Path) -> bool:
    """Whether ``path`` is a folder laid out as BEIR."""
    return path.is_dir() and (path / CORPUS_FILE).is_file()


def _jsonl(path: Path) -> list[dict]:
    try:
        with path.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    except (OSError, ValueError) as exc:
        raise SuiteError(f"{path}: cannot read: {exc}") from exc


def _qrels_file(folder: Path, split: str) -> Path:
    wanted = folder / QRELS_DIR / f"{split}.tsv"
    if wanted.is_file():
        return wanted
    found = sorted((folder / QRELS_DIR).glob("*.tsv"))
    if len(found) == 1:
        return found[0]
    names = ", ".join(p.stem for p in found) or "none"
    raise SuiteError(f"{folder}: no qrels/{split}.tsv (splits found: {names})")


def read_qrels(path: Path) -> dict[str, list[str]]:
    """Query id -> relevant document ids, in file order; a header line and zero scores are skipped."""
    relevant: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t"), 1):
            if not row or (number == 1 and row[0] == "query-id"):
                continue
            try:
                query, document, score = row[0], row[1], float(row[2])
            except (IndexError, ValueError):
                raise SuiteError(f"{path}:{number}: expected query-id, corpus-id and score") from None
            if score > 0:
                relevant.setdefault(query, []).append(document)
    return relevant


def load_beir(folder: Path, split: str = "test") -> BeirSuite:
    """Read a BEIR folder; every query with a relevant document becomes a case tagged ``beir``."""
    documents = [Chunk(id=str(d["_id"]), doc_id=str(d["_id"]), section=(d["title"],) if d.get("title") else (),
                       text=d.get("text", ""), bureaux=(), sentences=(d.get("text", ""),))
                 for d in _jsonl(folder / CORPUS_FILE)]
    queries = {str(q["_id"]): q["text"] for q in _jsonl(folder / QUERIES_FILE)}
    cases = []
    for query, relevant in read_qrels(_qrels_file(folder, split)).items():
        if query not in queries:
            raise SuiteError(f"{folder}: qrels name query {query!r}, which is not in {QUERIES_FILE}")
        cases.append(Case(id=query, question=queries[query], sources=relevant, tags=["beir"], suite=folder.name))
    return BeirSuite(folder.name, documents, cases)


def build_index(documents: list[Chunk], embedder: Embedder, show_progress: bool = False) -> PolicyIndex:
    """An in-memory index of ``documents``: dense vectors in FAISS and BM25 over the same texts."""
    if not documents:
        raise SuiteError("the BEIR corpus has no documents")
    texts = [f"{d.section_path}: {d.text}" if d.section else d.text for d in documents]
    vectors = embedder.encode(texts, show_progress=show_progress)
    dense = faiss.IndexFlatIP(vectors.shape[1])
    dense.add(vectors)
    no_sentences = np.zeros((0, vectors.shape[1]), dtype=np.float32)
    return PolicyIndex({"build_id": "beir-in-memory"}, documents, dense, LexicalIndex.build(texts), no_sentences,
                       np.zeros(len(documents) + 1, dtype=np.int64), BureauDirectory({}))


def beir_retriever(suite: BeirSuite, embedder: Embedder, settings: Settings, show_progress: bool = False) -> Retriever:
    """A retriever over the suite's corpus with the assistant's retrieval settings."""
    return Retriever(build_index(suite.documents, embedder, show_progress), embedder, settings)
