"""Stage 2, ingest: documents in, chunks out.

:mod:`.corpus` loads the corpus folder (one loader per file format, each producing Markdown),
:mod:`.documents` parses Markdown into blocks under their headings, :mod:`.plaintext` turns a PDF's
extracted text into corpus Markdown, :mod:`.bureaux` reads the bureau tags and :mod:`.chunking` cuts
blocks into the chunks the index stores.
"""
