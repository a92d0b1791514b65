"""Stage 2, ingest: documents in, chunks out.

:mod:`.corpus` loads the corpus folder (one loader per file format, each producing Markdown),
:mod:`.documents` parses Markdown into blocks under their headings, :mod:`.plaintext` turns plain text
(a PDF's extracted text, a page saved as text) into corpus Markdown, with :mod:`.wrapping` joining wrapped
lines and reading text tables and :mod:`.furniture` dropping a page's menus and link bars, :mod:`.bureaux`
reads the bureau tags and :mod:`.chunking` cuts blocks into the chunks the index stores.
"""
