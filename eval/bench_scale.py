"""Index build at scale: time and peak memory for 1,000 and 5,000 documents, then an incremental rebuild.

    .venv/bin/python eval/bench_scale.py [--sizes 1000 5000] [--keep]

The documents are the real ones of ``eval/documents/`` (every suite document, in its own format: DocBook,
HTML, PDF, DOCX, text, Markdown) and the chapter, repeated with changes: copy *i* of a text document has its
figures and years shifted by *i* and a line naming the copy, so no two copies chunk alike and every chunk
is embedded; binary formats (PDF, DOCX) are copied as they are under a new name with a sidecar giving
a different title, so their chunks carry different metadata. Each size builds in a fresh process (``assistant
index``, which shows its progress bar on a terminal) so that its peak resident memory is its own; then one
document in a hundred changes and the build runs again, which must embed only the changed chunks.
The table's "sentences" are the distinct sentences embedded: a sentence that copies share unchanged is embedded
once, and a rebuild embeds only sentences the previous build did not have.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "eval" / "documents"
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\w])")
_BUILD = """
import json, resource, sys, time
from assistant.config import get_settings
from assistant.service import index_builder
started = time.perf_counter()
report = index_builder(get_settings()).build(show_progress=True)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": time.perf_counter() - started, "peak_mib": peak, "chunks": report.chunks,
                  "embedded": report.embedded, "reused": report.reused, "skipped": len(report.skipped),
                  "sentences_embedded": report.sentences_embedded}))
"""


def _sources() -> list[Path]:
    entries = yaml.safe_load((DOCS / "sources.yaml").read_text(encoding="utf-8"))["documents"]
    return [DOCS / e["file"] for e in entries if e.get("suite_corpus")] + [ROOT / "corpus" /
                                                                         "industry-development-and-reform.md"]


def _shifted(text: str, copy: int) -> str:
    """The text with every figure outside markup raised by ``copy``, and the copy named after the first heading."""
    parts = re.split(r"(<[^>]*>|\A---\n.*?\n---\n)", text, flags=re.DOTALL)
    shifted = "".join(part if part.startswith(("<", "---")) else
                      _NUMBER.sub(lambda m: f"{int(m.group(1).replace(',', '')) + copy:,}", part) for part in parts)
    return re.sub(r"(</title>|</h1>|\n# [^\n]*\n)", lambda m: f" (copy {copy}){m.group(1)}"
                  if m.group(1).startswith("</") else f"{m.group(1)}\nCopy {copy}.\n", shifted, count=1)


def lay_out(corpus: Path, size: int) -> None:
    """Write ``size`` documents into ``corpus`` (plus the curated files of corpus/)."""
    for name in ("bureaux.yaml", "schemes.yaml"):
        shutil.copyfile(ROOT / "corpus" / name, corpus / name)
    sources = _sources()
    for i in range(size):
        source = sources[i % len(sources)]
        copy = i // len(sources)
        target = corpus / f"{i // 500:03d}" / f"{source.stem}-{copy}{source.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix in (".pdf", ".docx"):
            shutil.copyfile(source, target)
            (target.parent / (target.name + ".meta.yaml")).write_text(f"title: {source.stem} copy {copy}\n")
        else:
            target.write_text(_shifted(source.read_text(encoding="utf-8"), copy) if copy else
                              source.read_text(encoding="utf-8"), encoding="utf-8")


def build(corpus: Path, index: Path) -> dict:
    """One ``assistant index`` run in its own process; its report as a dict."""
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_INDEX_DIR": str(index),
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _BUILD], env=env, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


_LOAD = """
import json, resource, sys, time
from assistant.config import get_settings
from assistant.ingest.bureaux import BureauDirectory
from assistant.ingest.chunking import Chunker
from assistant.ingest.corpus import read_corpus
started = time.perf_counter()
settings = get_settings()
documents = read_corpus(settings.corpus_dir, show_progress=True).documents
chunker = Chunker(BureauDirectory.load(settings.corpus_dir / "bureaux.yaml"), settings.chunk_max_chars)
chunks = [chunk for document in documents for chunk in chunker.chunk(document)]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
texts = len(chunks) + sum(len(c.sentences) for c in chunks)
print(json.dumps({"seconds": time.perf_counter() - started, "peak_mib": peak, "chunks": len(chunks), "texts": texts}))
"""


def load_only(corpus: Path) -> dict:
    """Reading and chunking alone (no embedding), in its own process: seconds, peak memory, chunks, texts."""
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _LOAD], env=env, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def change_some(corpus: Path, every: int = 100) -> int:
    """Change one text document in ``every``; how many changed."""
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".txt", ".html", ".xml"))[::every]
    for path in files:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Government", "Administration", 1), encoding="utf-8")
    return len(files)


def main() -> None:
    """Build each size, then rebuild after a few changes; print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--keep", action="store_true", help="keep the corpora and indexes (printed)")
    parser.add_argument("--load-only", action="store_true",
                        help="measure reading and chunking only (no embedding: for a machine without the time)")
    args = parser.parse_args()
    if args.load_only:
        print(f"{'documents':>9} {'chunks':>8} {'texts':>8} {'load+chunk s':>12} {'peak MiB':>9}")
        for size in args.sizes:
            with tempfile.TemporaryDirectory(prefix=f"bench-scale-{size}-") as work:
                lay_out(Path(work), size)
                row = load_only(Path(work))
            print(f"{size:>9} {row['chunks']:>8} {row['texts']:>8} {row['seconds']:>12.1f} {row['peak_mib']:>9.0f}")
        return
    rows = []
    for size in args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"bench-scale-{size}-"))
        corpus, index = work / "corpus", work / "index"
        corpus.mkdir()
        started = time.perf_counter()
        lay_out(corpus, size)
        laid = time.perf_counter() - started
        first = build(corpus, index)
        changed = change_some(corpus)
        second = build(corpus, index)
        rows.append((size, laid, first, changed, second))
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work)
    print(f"\n{'documents':>9} {'chunks':>8} {'sentences':>10} {'build s':>8} {'peak MiB':>9} {'changed':>8} "
          f"{'rebuild s':>9} {'embedded':>9} {'sentences':>10} {'peak MiB':>9}")
    for size, _, first, changed, second in rows:
        print(f"{size:>9} {first['chunks']:>8} {first['sentences_embedded']:>10} {first['seconds']:>8.1f} "
              f"{first['peak_mib']:>9.0f} {changed:>8} {second['seconds']:>9.1f} {second['embedded']:>9} "
              f"{second['sentences_embedded']:>10} {second['peak_mib']:>9.0f}")


if __name__ == "__main__":
    main()
