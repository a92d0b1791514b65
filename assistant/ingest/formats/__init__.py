"""Loaders for the formats publishers use, each turning a file into corpus Markdown with front matter.

Every loader is a function from a file's path to Markdown (:mod:`.common` has the shared pieces: front
matter, tables as Markdown rows, boilerplate titles): :mod:`.pdf` (pdfplumber: the text layer, headings
by font size, tables), :mod:`.html` (trafilatura: the article only), :mod:`.docbook` (lxml: DocBook 5,
the Chief Executive's Office open data), :mod:`.office` (python-docx). A loader raises
:class:`~assistant.ingest.documents.CorpusError` with a one-line reason when a file cannot be parsed.
"""
