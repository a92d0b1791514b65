"""Lay out a corpus folder: the project's corpus/ plus the suite documents of sources.yaml, with their metadata.

The metadata (title, url, publisher, date, language) goes into the folder's curated ``documents.yaml``, the
file the loaders read, so citations carry each document's title, date and link; a translation's
``version_of`` goes there too, so the language versions of one document are linked.

    python eval/documents/tools/mixed_corpus.py /tmp/mixed            # corpus/ + the suite documents
    python eval/documents/tools/mixed_corpus.py /tmp/docs --no-chapter # the suite documents alone
    python eval/documents/tools/mixed_corpus.py /tmp/bare --bare       # no documents.yaml: files as dropped in

``--bare`` leaves the metadata out: titles, dates, languages and language versions are what the loaders
read from the files themselves, as when a content team drops documents into ``corpus/`` with nothing else.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parents[1]
ROOT = HERE.parents[1]
FIELDS = ("title", "url", "publisher", "date", "language")


def main() -> None:
    """Copy the files and write ``documents.yaml``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--no-chapter", action="store_true", help="leave the project's corpus/ out")
    parser.add_argument("--bare", action="store_true", help="write no documents.yaml: metadata from the files only")
    args = parser.parse_args()
    args.target.mkdir(parents=True, exist_ok=True)
    if not args.no_chapter:
        shutil.copytree(ROOT / "corpus", args.target, dirs_exist_ok=True)
    sources = yaml.safe_load((HERE / "sources.yaml").read_text(encoding="utf-8"))["documents"]
    entries = []
    for entry in (e for e in sources if e.get("suite_corpus")):
        destination = args.target / "documents" / entry["file"]
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE / entry["file"], destination)
        entries.append({"file": f"documents/{entry['file']}",
                        **{k: str(entry[k]) for k in FIELDS if entry.get(k) is not None},
                        **({"version_of": f"documents/{entry['version_of']}"} if entry.get("version_of") else {})})
    if not args.bare:
        (args.target / "documents.yaml").write_text(yaml.safe_dump({"documents": entries}, sort_keys=False,
                                                                   allow_unicode=True), encoding="utf-8")
    print(f"{args.target}: {len(entries)} documents" + ("" if args.no_chapter else " plus corpus/")
          + (", no documents.yaml" if args.bare else ""))


if __name__ == "__main__":
    main()
